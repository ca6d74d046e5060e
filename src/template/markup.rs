//! The skeleton's output, a line-based markup, read into the [`Document`] model.
//!
//! One directive a line (`@title`, `@p`, `@h1`, `@item 标题|内容`, …). Every `{{value}}` of
//! the skeleton goes through [`escape_value`], which escapes the markup's own syntax, so a
//! value holding `{{乡镇名称}}`, `|`, `@h1` or a newline stays exactly what was typed. Each
//! answer text is also wrapped in invisible markers that carry its field path ([`tagged`]);
//! the reader turns them into [`Source::Field`] spans, which is how a later pass can name the
//! field a placeholder came from. The markers are control characters that answers can never
//! contain (they are removed when answers are read, as XML forbids them).

use serde_json::Value;

use crate::model::{Align, Block, Column, Document, Item, Meta, Source, Table, Text};

/// Start of a tagged value: `FIELD_START path FIELD_VALUE value FIELD_END`.
pub(crate) const FIELD_START: char = '\u{1}';
pub(crate) const FIELD_VALUE: char = '\u{2}';
pub(crate) const FIELD_END: char = '\u{3}';

/// Escapes a value for the markup: `\` `|` and line breaks lose their meaning.
pub(crate) fn escape_value(value: &str) -> String {
    let bytes = value.as_bytes();
    // A carriage return is dropped, whatever stands around it. Answers never hold one
    // (reading them folds it into `\n`); this keeps the loop below to three characters.
    if memchr::memchr(b'\r', bytes).is_some() {
        return escape_value(&value.replace('\r', ""));
    }
    // Most values hold none of the three: a SIMD search says so faster than the loop below.
    if memchr::memchr3(b'\\', b'|', b'\n', bytes).is_none() {
        return value.to_owned();
    }
    // Copy the runs between the special (ASCII) characters whole, jumping from one to the
    // next with a SIMD search: many answers hold line breaks, and a loop over every byte
    // cost some 8k instructions a report (measured with callgrind).
    let mut out = String::with_capacity(value.len() + 8);
    let mut run_start = 0;
    for i in memchr::memchr3_iter(b'\\', b'|', b'\n', bytes) {
        let replacement = match bytes[i] {
            b'\\' => "\\\\",
            b'|' => "\\|",
            _ => "\\n",
        };
        out.push_str(&value[run_start..i]);
        out.push_str(replacement);
        run_start = i + 1;
    }
    out.push_str(&value[run_start..]);
    out
}

/// Wraps an answer's text in the markers that carry its field path.
pub(crate) fn tagged(path: &str, value: &str) -> Value {
    let mut out = String::with_capacity(path.len() + value.len() + 3);
    out.push(FIELD_START);
    push_unmarked(&mut out, path);
    close_tag(out, value)
}

/// Ends the path of a tagged text: the value between its two markers.
fn close_tag(mut out: String, value: &str) -> Value {
    out.push(FIELD_VALUE);
    push_unmarked(&mut out, value);
    out.push(FIELD_END);
    Value::String(out)
}

/// Appends `part` without the field markers. Answers never hold them (they are removed
/// when answers are read); check, with a SIMD search for their three bytes, before
/// filtering character by character.
fn push_unmarked(out: &mut String, part: &str) {
    if memchr::memchr3(FIELD_START as u8, FIELD_VALUE as u8, FIELD_END as u8, part.as_bytes()).is_some() {
        out.extend(part.chars().filter(|&c| !matches!(c, FIELD_START | FIELD_VALUE | FIELD_END)));
    } else {
        out.push_str(part);
    }
}

/// One piece of a markup line after unescaping.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// A run of characters from one source (kept whole: per-character pieces would clone
    /// the field path for every character, which dominated rendering time).
    Text(String, Source),
    /// A line break inside an answer: a new paragraph.
    Break,
    /// The unescaped `|` between an item's title and its content.
    Separator,
}

/// Unescapes one markup line into pieces, resolving the field markers into sources.
///
/// The line is walked by slices between special characters: a run of text is usually one
/// such slice, copied into a string of its own size, and the source of a field moves into
/// its last piece. (Measured with callgrind: growing each run from its first character and
/// cloning every field path cost some 20k instructions a report.)
fn pieces(line: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut source = Source::Template;
    let mut run = String::new();
    let flush = |run: &mut String, source: Source, out: &mut Vec<Piece>| {
        if !run.is_empty() {
            out.push(Piece::Text(std::mem::take(run), source));
        }
    };
    const START: u8 = FIELD_START as u8;
    let mut rest = line;
    while !rest.is_empty() {
        // Ordinary characters up to the next special one are copied as one slice.
        let n = next_special(rest);
        if n > 0 {
            run.reserve(n);
            run.push_str(&rest[..n]);
            rest = &rest[n..];
            continue;
        }
        // The special characters are ASCII: one byte.
        let special = rest.as_bytes()[0];
        rest = &rest[1..];
        match special {
            b'\\' => match rest.chars().next() {
                Some('n') => {
                    flush(&mut run, source.clone(), &mut out);
                    out.push(Piece::Break);
                    rest = &rest[1..];
                }
                Some(other) => {
                    run.push(other);
                    rest = &rest[other.len_utf8()..];
                }
                None => {}
            },
            b'|' => {
                flush(&mut run, source.clone(), &mut out);
                out.push(Piece::Separator);
            }
            START => {
                flush(&mut run, std::mem::replace(&mut source, Source::Template), &mut out);
                let (path, value) = rest.split_once(FIELD_VALUE).unwrap_or((rest, ""));
                source = Source::Field(path.to_owned());
                rest = value;
            }
            _ => {
                // FIELD_END (the last of the four): the field's source goes with its last piece.
                flush(&mut run, std::mem::replace(&mut source, Source::Template), &mut out);
            }
        }
    }
    flush(&mut run, source, &mut out);
    out
}

/// The byte offset of the first character that [`pieces`] treats specially (`\\`, `|` and
/// the field markers), or the length. All four are ASCII, so SIMD byte searches find them:
/// measured with callgrind, a character search here cost as much as the rest of `pieces`.
fn next_special(s: &str) -> usize {
    let bytes = s.as_bytes();
    let n = memchr::memchr3(b'\\', b'|', FIELD_START as u8, bytes).unwrap_or(bytes.len());
    memchr::memchr(FIELD_END as u8, &bytes[..n]).unwrap_or(n)
}

/// Splits pieces into paragraphs at line breaks (a separator counts as a plain `|`).
/// The pieces are taken, so that their text and sources move into the spans uncopied.
fn paragraphs(pieces: impl IntoIterator<Item = Piece>) -> Vec<Text> {
    let mut paras = vec![Text::default()];
    for p in pieces {
        let last = paras.last_mut().expect("never empty");
        match p {
            Piece::Text(t, s) => last.push_owned(t, s),
            Piece::Separator => last.push("|", Source::Template),
            Piece::Break => paras.push(Text::default()),
        }
    }
    paras.into_iter().map(Text::into_trimmed).filter(|t| !t.is_blank()).collect()
}

/// All pieces as one line of text: line breaks inside a single-line element are dropped.
fn one_line(pieces: Vec<Piece>) -> Text {
    let joined: Vec<Text> = paragraphs(pieces);
    let mut t = Text::default();
    for p in joined {
        t.append(p);
    }
    t
}

/// The words a column's alignment is written with in `@col`.
const ALIGNMENTS: [(&str, Align); 3] = [("居左", Align::Left), ("居中", Align::Center), ("居右", Align::Right)];

/// The least and greatest width of a column, in characters of the table's text.
pub const COLUMN_WIDTHS: std::ops::RangeInclusive<u32> = 1..=40;

/// `@col 标题 宽度 [居左|居中|居右]`: the heading, and the column's least width (in
/// characters) and alignment (居左 when not written).
fn column(body: &str) -> Result<(Text, Column), String> {
    let mut words: Vec<&str> = body.split_whitespace().collect();
    let align = match words.last().and_then(|w| ALIGNMENTS.iter().find(|(name, _)| name == w)) {
        Some(&(_, align)) => {
            words.pop();
            align
        }
        None => Align::Left,
    };
    let usage = "（应写成「@col 标题 宽度 居左/居中/居右」，宽度是列的字数）";
    let width = words.pop().and_then(|w| w.parse::<u32>().ok()).ok_or_else(|| format!("@col 缺少列宽{usage}"))?;
    if !COLUMN_WIDTHS.contains(&width) {
        return Err(format!("列宽 {width} 字不在 {}–{} 字之间", COLUMN_WIDTHS.start(), COLUMN_WIDTHS.end()));
    }
    let heading = one_line(pieces(&words.join(" ")));
    if heading.is_blank() {
        return Err(format!("@col 缺少列标题{usage}"));
    }
    Ok((heading, Column { width, align }))
}

/// The column of an `@col` line's body (its heading left out): for the check at load time.
pub(crate) fn parse_column(body: &str) -> Result<Column, String> {
    column(body).map(|(_, c)| c)
}

/// A row's cells, split at the unescaped `|` (a value's own `|` is escaped and stays text);
/// exactly one cell a column. A line break inside a cell's value is a space.
fn cells(ps: Vec<Piece>, columns: usize) -> Result<Vec<Text>, String> {
    let mut row = vec![Vec::new()];
    for p in ps {
        match p {
            Piece::Separator => row.push(Vec::new()),
            // The space belongs to the value the break was in.
            Piece::Break => {
                let cell = row.last_mut().expect("never empty");
                let source = match cell.last() {
                    Some(Piece::Text(_, s)) => s.clone(),
                    _ => Source::Template,
                };
                cell.push(Piece::Text(" ".into(), source));
            }
            p => row.last_mut().expect("never empty").push(p),
        }
    }
    if row.len() != columns {
        return Err(format!("这一行有 {} 格，表格有 {columns} 列（各格以 | 分隔）", row.len()));
    }
    Ok(row.into_iter().map(one_line).collect())
}

/// Reads the skeleton's markup into the document model.
pub fn read_markup(markup: &str) -> Result<Document, String> {
    let mut doc = Document { meta: Meta::default(), blocks: Vec::new() };
    // The table being declared (`@table` … `@end`) and the line it opened on.
    let mut open: Option<(Table, usize)> = None;
    for (n, line) in markup.lines().enumerate() {
        let line = line.trim_start();
        if line.is_empty() {
            continue;
        }
        let Some(rest) = line.strip_prefix('@') else {
            return Err(format!("第 {} 行不是指令（应以 @ 开头）：{line}", n + 1));
        };
        let (directive, body) = rest.split_once(' ').unwrap_or((rest, ""));
        let ps = pieces(body);
        if let Some((table, _)) = open.as_mut() {
            let at = |e: String| format!("第 {} 行：{e}", n + 1);
            match directive {
                "col" => {
                    if !table.rows.is_empty() || table.total.is_some() {
                        return Err(at("@col 应写在表格的各行之前".into()));
                    }
                    let (heading, col) = column(body).map_err(at)?;
                    match table.header.first_mut() {
                        Some(headings) => headings.push(heading),
                        None => table.header.push(vec![heading]),
                    }
                    table.columns.push(col);
                }
                "row" | "total" => {
                    if table.columns.is_empty() {
                        return Err(at(format!("@{directive} 之前应先用 @col 声明表格的列")));
                    }
                    let row = cells(ps, table.columns.len()).map_err(at)?;
                    if directive == "total" {
                        if table.total.replace(row).is_some() {
                            return Err(at("一个表格只能有一行 @total".into()));
                        }
                    } else if table.total.is_some() {
                        return Err(at("@row 应写在 @total 之前".into()));
                    } else {
                        table.rows.push(row);
                    }
                }
                "end" => {
                    let (table, _) = open.take().expect("checked");
                    if table.columns.is_empty() {
                        return Err(at("表格没有用 @col 声明任何列".into()));
                    }
                    crate::docx::column_widths(&table.columns).map_err(at)?;
                    doc.blocks.push(Block::Table(table));
                }
                other => return Err(at(format!("表格中只能写 @col、@row、@total 和 @end，不能写 @{other}"))),
            }
            continue;
        }
        match directive {
            "title" => {
                let t = one_line(ps);
                doc.meta.title = t.to_plain();
                doc.blocks.push(Block::Title(t));
            }
            "recipient" => doc.blocks.push(Block::Recipient(one_line(ps))),
            "signature" => doc.blocks.push(Block::Signature(one_line(ps))),
            "date" => doc.blocks.push(Block::Date(one_line(ps))),
            "p" => doc.blocks.extend(paragraphs(ps).into_iter().map(Block::Paragraph)),
            "h1" | "h2" | "h3" | "h4" => {
                let level = directive.as_bytes()[1] - b'0';
                doc.blocks.push(Block::Heading { level, number: None, text: one_line(ps) });
            }
            "item" => {
                let mut ps = ps;
                let (title, content) = match ps.iter().position(|p| *p == Piece::Separator) {
                    Some(i) => {
                        let content = ps.split_off(i + 1);
                        ps.pop(); // the separator
                        (ps, content)
                    }
                    None => (Vec::new(), ps),
                };
                let mut title_lines = paragraphs(title);
                let mut paras = Vec::new();
                let title = if title_lines.is_empty() { None } else { Some(title_lines.remove(0)) };
                // A line break inside a title starts a new paragraph too: the later lines lead
                // the content rather than vanishing.
                paras.extend(title_lines);
                paras.extend(paragraphs(content));
                if title.is_some() || !paras.is_empty() {
                    doc.blocks.push(Block::Item(Item { number: None, title, paragraphs: paras }));
                }
            }
            "table" => open = Some((Table { caption: one_line(ps), ..Table::default() }, n + 1)),
            "col" | "row" | "total" | "end" => {
                return Err(format!("第 {} 行的 @{directive} 不在表格中（表格以 @table 开始、以 @end 结束）", n + 1))
            }
            other => return Err(format!("第 {} 行有未知指令 @{other}", n + 1)),
        }
    }
    if let Some((_, line)) = open {
        return Err(format!("第 {line} 行开始的表格没有以 @end 结束"));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(p: &str) -> Source {
        Source::Field(p.into())
    }

    #[test]
    fn values_are_text_not_markup() {
        let v = "{{乡镇名称}} | @h1 a\\b\n第二段";
        let Value::String(s) = tagged("x", v) else { panic!() };
        let line = format!("@p 前{}", escape_value(&s));
        let doc = read_markup(&line).unwrap();
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[0].printed_text(), "前{{乡镇名称}} | @h1 a\\b");
        assert_eq!(doc.blocks[1], Block::Paragraph(Text::new("第二段", field("x"))));
        let Block::Paragraph(t) = &doc.blocks[0] else { panic!() };
        assert_eq!(t.spans[0], crate::model::Span { text: "前".into(), source: Source::Template });
    }

    #[test]
    fn escaping_drops_carriage_returns_and_escapes_the_rest() {
        assert_eq!(escape_value("甲\r\n乙|丙\\丁\r"), "甲\\n乙\\|丙\\\\丁");
        assert_eq!(escape_value("a\nb\n"), "a\\nb\\n");
        assert_eq!(escape_value("没有特殊字符"), "没有特殊字符");
    }

    #[test]
    fn a_tag_never_holds_markers_of_its_own() {
        let Value::String(s) = tagged("下年工作计划[0]", "丙\u{1}丁") else { panic!() };
        assert_eq!(s, "\u{1}下年工作计划[0]\u{2}丙丁\u{3}");
    }

    #[test]
    fn item_splits_title_and_content() {
        let Value::String(t) = tagged("主要做法[0].标题", "压实责任") else { panic!() };
        let Value::String(c) = tagged("主要做法[0].内容", "第一段\n第二段") else { panic!() };
        let doc = read_markup(&format!("@item {}|{}", escape_value(&t), escape_value(&c))).unwrap();
        let Block::Item(item) = &doc.blocks[0] else { panic!() };
        assert_eq!(item.title, Some(Text::new("压实责任", field("主要做法[0].标题"))));
        assert_eq!(item.paragraphs.len(), 2);
        let doc = read_markup("@item |只有内容").unwrap();
        let Block::Item(item) = &doc.blocks[0] else { panic!() };
        assert_eq!(item.title, None);
        assert_eq!(item.paragraphs[0].to_plain(), "只有内容");
    }

    #[test]
    fn a_table_is_declared_column_by_column_and_filled_row_by_row() {
        let Value::String(v) = tagged("问题[0].整改措施", "甲|乙\n丙") else { panic!() };
        let markup = format!("@table 问题整改台账\n@col 序号 2 居中\n@col 整改 措施 9\n@row 1|{}\n@total 合计|2\n@end\n@p 后文", escape_value(&v));
        let doc = read_markup(&markup).unwrap();
        let Block::Table(t) = &doc.blocks[0] else { panic!("{:?}", doc.blocks) };
        assert_eq!(t.caption.to_plain(), "问题整改台账");
        assert_eq!(t.columns, [Column { width: 2, align: Align::Center }, Column { width: 9, align: Align::Left }]);
        assert_eq!(t.header[0].iter().map(Text::to_plain).collect::<Vec<_>>(), ["序号", "整改 措施"]);
        // The value's own 「|」 and line break stay inside its cell, tagged with its path.
        assert_eq!(t.rows[0][1], Text::new("甲|乙 丙", field("问题[0].整改措施")));
        assert_eq!(t.total.as_ref().unwrap()[0].to_plain(), "合计");
        assert_eq!(doc.blocks[1].printed_text(), "后文");
    }

    #[test]
    fn a_malformed_table_is_a_template_error_naming_its_line() {
        let err = |m: &str| read_markup(m).unwrap_err();
        assert_eq!(err("@table 表\n@col 甲 2\n@row 1|2\n@end"), "第 3 行：这一行有 2 格，表格有 1 列（各格以 | 分隔）");
        assert!(err("@table 表\n@col 甲 2\n@row 1").contains("第 1 行开始的表格没有以 @end 结束"));
        assert!(err("@row 1").contains("不在表格中"));
        assert!(err("@table 表\n@col 甲\n@end").contains("缺少列宽"));
        assert!(err("@table 表\n@col 甲 0\n@end").contains("列宽 0 字"));
        assert!(err("@table 表\n@col 甲 2\n@p 正文\n@end").contains("不能写 @p"));
        assert!(err("@table 表\n@end").contains("没有用 @col"));
        assert!(err("@table 表\n@col 甲 2\n@total 1\n@row 2\n@end").contains("@total 之前"));
    }

    #[test]
    fn unknown_directive_and_bare_line_are_template_errors() {
        assert!(read_markup("@figure x").unwrap_err().contains("@figure"));
        assert!(read_markup("一、基本情况").unwrap_err().contains("第 1 行"));
    }
}
