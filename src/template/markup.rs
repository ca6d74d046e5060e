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

use crate::model::{Block, Document, Item, Meta, Source, Text};

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
/// Reads one line of filled markup text (no directive) into a [`Text`] with its sources.
pub(crate) fn read_line(line: &str) -> Text {
    one_line(pieces(line))
}

fn one_line(pieces: Vec<Piece>) -> Text {
    let joined: Vec<Text> = paragraphs(pieces);
    let mut t = Text::default();
    for p in joined {
        t.append(p);
    }
    t
}

/// Reads the skeleton's markup into the document model.
pub fn read_markup(markup: &str) -> Result<Document, String> {
    let mut doc = Document { meta: Meta::default(), blocks: Vec::new() };
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
            other => return Err(format!("第 {} 行有未知指令 @{other}", n + 1)),
        }
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
    fn unknown_directive_and_bare_line_are_template_errors() {
        assert!(read_markup("@table x").unwrap_err().contains("@table"));
        assert!(read_markup("一、基本情况").unwrap_err().contains("第 1 行"));
    }
}
