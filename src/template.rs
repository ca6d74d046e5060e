//! The report skeleton: answers → Handlebars → a line-based markup → [`Document`].
//!
//! The skeleton lives in `templates/<id>/report.hbs` and is embedded in the binary. It holds
//! the fixed wording and the order of the report, never numbers (the numbering pass adds
//! them). Its output is a small markup, one directive a line (`@title`, `@p`, `@h1`,
//! `@item 标题|内容`, …), which [`read_markup`] turns into the typed model.
//!
//! Answers are text, never template code. Handlebars does not re-evaluate a value, and our
//! escape function (used for every `{{value}}`) escapes the markup's own syntax, so a value
//! holding `{{乡镇名称}}`, `|`, `@h1` or a newline stays exactly what was typed. Each value is
//! also wrapped in invisible markers that carry its field path; the reader turns them into
//! [`Source::Field`] spans, which is how a later pass can name the field a placeholder came
//! from. The markers are control characters that answers can never contain (they are
//! removed when answers are read, as XML forbids them).

use std::sync::OnceLock;

use handlebars::Handlebars;
use serde_json::{json, Map, Value};

use crate::answers::Answers;
use crate::diag::Diagnostic;
use crate::model::{Block, Document, Item, Meta, Source, Text};
use crate::numerals::chinese_number;

/// Start of a tagged value: `FIELD_START path FIELD_VALUE value FIELD_END`.
const FIELD_START: char = '\u{1}';
const FIELD_VALUE: char = '\u{2}';
const FIELD_END: char = '\u{3}';

/// A built-in report template.
#[derive(Debug)]
pub struct Template {
    /// Short id used on the command line (`--template fazhan-dangyuan`).
    pub id: &'static str,
    /// Chinese name shown to users.
    pub name: &'static str,
    /// The Handlebars source of the skeleton.
    pub source: &'static str,
}

/// The templates compiled into the binary.
pub const TEMPLATES: &[Template] = &[Template {
    id: "fazhan-dangyuan",
    name: "发展党员工作自查报告",
    source: include_str!("../templates/fazhan-dangyuan/report.hbs"),
}];

/// The default template id.
pub const DEFAULT_TEMPLATE: &str = "fazhan-dangyuan";

/// The ids of the built-in templates, for messages.
pub fn ids() -> Vec<&'static str> {
    TEMPLATES.iter().map(|t| t.id).collect()
}

/// Looks a built-in template up by id.
pub fn find(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

/// One registry for the whole process: parsing the skeleton once keeps batch runs cheap.
fn registry() -> &'static Handlebars<'static> {
    static REGISTRY: OnceLock<Handlebars<'static>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let mut hb = Handlebars::new();
        hb.register_escape_fn(escape_value);
        for t in TEMPLATES {
            // The skeletons are part of the program; a broken one is a build defect that the
            // test suite catches, so failing loudly here is right.
            hb.register_template_string(t.id, t.source)
                .unwrap_or_else(|e| panic!("built-in template {} does not parse: {e}", t.id));
        }
        hb
    })
}

/// Escapes a value for the markup: `\` `|` and line breaks lose their meaning.
fn escape_value(value: &str) -> String {
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
fn tagged(path: &str, value: &str) -> Value {
    let mut out = String::with_capacity(path.len() + value.len() + 3);
    out.push(FIELD_START);
    push_unmarked(&mut out, path);
    close_tag(out, value)
}

/// [`tagged`] for an item of a list: the path is `list[index]`, then `.field` unless
/// `field` is empty. The path is written straight into the tagged text: building it with
/// `format!` first cost an allocation and the formatting machinery for every item.
fn tagged_item(list: &str, index: usize, field: &str, value: &str) -> Value {
    let mut out = String::with_capacity(list.len() + field.len() + value.len() + 8);
    out.push(FIELD_START);
    push_unmarked(&mut out, list);
    out.push('[');
    if index < 10 {
        out.push(char::from(b'0' + index as u8));
    } else {
        out.push_str(&index.to_string());
    }
    out.push(']');
    if !field.is_empty() {
        out.push('.');
        push_unmarked(&mut out, field);
    }
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

/// The values the skeleton sees: every answer text tagged with its path, plus the derived
/// values (total, years in Chinese, the date as printed) computed here rather than in
/// template helpers so they can be unit-tested.
pub fn context(a: &Answers) -> Value {
    let mut c = Map::new();
    c.insert("乡镇名称".into(), tagged("乡镇名称", &a.township));
    if let Some(t) = &a.report_title {
        c.insert("报告标题".into(), tagged("报告标题", t));
    }
    c.insert("党委名称".into(), tagged("党委名称", &a.committee));
    if let Some(r) = &a.recipient {
        c.insert("主送机关".into(), tagged("主送机关", r));
    }
    c.insert("成文日期".into(), tagged("成文日期", &a.date.to_chinese()));
    c.insert("起始年份".into(), json!(a.start_year));
    c.insert("截止年份".into(), json!(a.end_year));
    c.insert("年数".into(), tagged("自查起始年份", &chinese_number(u64::from(a.years_covered()))));
    let period = if a.start_year == a.end_year {
        format!("{}年", a.start_year)
    } else {
        format!("{}年至{}年", a.start_year, a.end_year)
    };
    c.insert("自查期间".into(), json!(period));
    if let Some(n) = &a.notice_source {
        c.insert("通知来源".into(), tagged("通知来源", n));
    }
    c.insert("全域".into(), json!(whole_area(&a.township)));

    let b = &a.basics;
    c.insert("概述".into(), tagged("基本情况.概述", &b.overview));
    c.insert("村党组织数".into(), json!(b.village_organisations));
    if let Some(n) = b.organisers {
        c.insert("组织员人数".into(), json!(n));
    }
    c.insert("发展党员总数".into(), json!(a.total_recruited()));
    let mut years = b.yearly.clone();
    years.sort_by_key(|y| y.year);
    let detail: Vec<String> = years.iter().map(|y| format!("{}年{}名", y.year, y.count)).collect();
    c.insert("分年度明细".into(), json!(detail.join("、")));
    match b.villages_without_new_members {
        Some(0) => {
            c.insert("无未发展村".into(), json!(true));
        }
        Some(n) => {
            c.insert("未发展村数".into(), json!(n));
        }
        None => {}
    }

    let titled = |key: &str, items: &[crate::answers::TitledItem]| -> Value {
        let item = |(i, it): (usize, &crate::answers::TitledItem)| {
            let mut m = Map::new();
            m.insert("标题".to_owned(), tagged_item(key, i, "标题", &it.title));
            m.insert("内容".to_owned(), tagged_item(key, i, "内容", &it.content));
            Value::Object(m)
        };
        Value::Array(items.iter().enumerate().map(item).collect())
    };
    let texts = |key: &str, items: &[String]| -> Value {
        Value::Array(items.iter().enumerate().map(|(i, t)| tagged_item(key, i, "", t)).collect())
    };
    c.insert("主要做法".into(), titled("主要做法", &a.practices));
    if let Some(intro) = &a.problems.intro {
        c.insert("问题引言".into(), tagged("存在问题.引言", intro));
    }
    c.insert("问题".into(), texts("存在问题.问题", &a.problems.items));
    c.insert("对策建议".into(), titled("对策建议", &a.suggestions));
    if !a.next_year_plan.is_empty() {
        c.insert("下年工作计划".into(), texts("下年工作计划", &a.next_year_plan));
    }
    Value::Object(c)
}

/// 「全镇」「全乡」「全街道」 from the township's name; nothing when the name does not say.
fn whole_area(township: &str) -> String {
    ["街道", "镇", "乡"]
        .iter()
        .find(|suffix| township.ends_with(*suffix))
        .map(|suffix| format!("全{suffix}"))
        .unwrap_or_default()
}

/// Fills the skeleton of `template` with the answers and reads the result into a document.
pub fn build(template: &Template, answers: &Answers) -> Result<Document, Diagnostic> {
    let markup = render_context(template, handlebars::Context::from(context(answers)))
        .map_err(|e| Diagnostic::error(format!("模板「{}」无法填写：{e}", template.id)))?;
    let mut doc = read_markup(&markup).map_err(|e| Diagnostic::error(format!("模板「{}」{e}", template.id)))?;
    doc.meta.date = Some(answers.date);
    Ok(doc)
}

/// Fills the skeleton with a [`context`]: the markup that [`read_markup`] reads.
pub fn render_markup(template: &Template, context: &Value) -> Result<String, String> {
    render_context(template, handlebars::Context::from(context.clone()))
}

/// [`render_markup`] of a context that Handlebars takes as it is. `Registry::render` would
/// first serialise the value into a new one (`Context::wraps`), a deep copy of every answer
/// text: measured with callgrind, that copy and its drop were about 30k instructions of a
/// report.
fn render_context(template: &Template, context: handlebars::Context) -> Result<String, String> {
    registry().render_with_context(template.id, &context).map_err(|e| e.to_string())
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
    fn an_item_is_tagged_with_its_path() {
        assert_eq!(tagged_item("主要做法", 3, "标题", "甲"), tagged("主要做法[3].标题", "甲"));
        assert_eq!(tagged_item("存在问题.问题", 12, "", "乙"), tagged("存在问题.问题[12]", "乙"));
        let Value::String(s) = tagged_item("下年工作计划", 0, "", "丙\u{1}丁") else { panic!() };
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

    #[test]
    fn whole_area_follows_the_name() {
        assert_eq!(whole_area("青山镇"), "全镇");
        assert_eq!(whole_area("石门乡"), "全乡");
        assert_eq!(whole_area("城关街道"), "全街道");
        assert_eq!(whole_area("某地"), "");
    }

    #[test]
    fn skeleton_types_no_numbers_and_no_triple_stash() {
        let typed_number = regex::Regex::new(r"^(?:[一二三四五六七八九十]+[、是]|（[一二三四五六七八九十]+）|\d+[.．])").unwrap();
        for t in TEMPLATES {
            assert!(!t.source.contains("{{{"), "{} must not bypass escaping", t.id);
            for line in t.source.lines().filter(|l| l.starts_with('@')) {
                let body = line.split_once(' ').map(|x| x.1).unwrap_or("");
                assert!(
                    !typed_number.is_match(body),
                    "numbering belongs to the converter: {line}"
                );
            }
        }
    }
}
