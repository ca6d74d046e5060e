//! The typed document model that sits between the template and the .docx writer.
//!
//! Like pandoc's `Pandoc Meta [Block]`, the model owns no I/O: no XML, no Handlebars, no
//! zip. The template reader builds it, the passes in [`crate::passes`] rewrite it
//! (numbering, placeholders, closing punctuation) and [`crate::docx`] writes it.
//!
//! Every piece of text remembers where it came from ([`Source`]), so that a pass that
//! removes a placeholder can say which answer field held it.

/// A whole report: metadata plus the blocks in reading order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub meta: Meta,
    pub blocks: Vec<Block>,
}

/// Facts about the report that go into docProps, not into the body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    /// The report's title as plain text (also the default output file name).
    pub title: String,
    /// 成文日期, used as the document's created/modified date in docProps.
    pub date: Option<Date>,
    /// The report's file name (without `.docx`) when the kind's manifest declares a
    /// `file_name` pattern; `None`: the file is named after the title. A [`Text`], so the
    /// placeholder pass can clean it and name the field a placeholder came from.
    pub file_name: Option<Text>,
}

impl Meta {
    /// The text a report file is named from: the manifest's pattern, or the title.
    pub fn file_stem(&self) -> String {
        match self.file_name.as_ref().map(Text::to_plain) {
            Some(name) if !name.trim().is_empty() => name,
            _ => self.title.clone(),
        }
    }
}

/// A calendar date (already validated: a real day of a real month).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// 「2026年11月27日」: Arabic numerals, no zero padding (GB/T 9704 §7.3.5.1).
    pub fn to_chinese(self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// `2026-11-27`, the form used in the answers file and in docProps.
    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// One block of the report, in the order it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The centred 2号 title (公文标题).
    Title(Text),
    /// 主送机关: the flush-left line under the title; the text already ends in 「：」.
    Recipient(Text),
    /// A heading of level 1 to 4. `number` is filled by the numbering pass
    /// (一、 / （一） / 1. / （1）); the template never types it.
    Heading { level: u8, number: Option<String>, text: Text },
    /// A body paragraph (仿宋, first line indented two characters).
    Paragraph(Text),
    /// One item of an enumeration: 「一是{title}{first paragraph}」, then any further
    /// paragraphs of the same answer as plain body paragraphs. `number` is filled by the
    /// numbering pass (一是, 二是, …) and restarts after every heading.
    Item(Item),
    /// 署名: the issuing organ, centred over the date.
    Signature(Text),
    /// 成文日期 as printed: 「2026年11月27日」.
    Date(Text),
    /// A table (问题整改台账): caption above it, a header row, body rows, an optional
    /// total row. Its cells are answer text like any other, so the placeholder pass reads
    /// them; the numbering pass does not (a cell's 「1.」 is a row number, not a heading).
    Table(Table),
}

/// A table as declared in the skeleton (`@table`, `@col`, `@row`, `@total`, `@end`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    /// 表题, printed centred above the table.
    pub caption: Text,
    pub columns: Vec<Column>,
    /// The header rows (repeated at the top of every page the table runs onto).
    pub header: Vec<Vec<Text>>,
    /// The body rows; every row has one cell a column.
    pub rows: Vec<Vec<Text>>,
    /// 合计: the last row, set like the header.
    pub total: Option<Vec<Text>>,
}

/// One column of a [`Table`]: its least width and how its cells are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The least width, in characters of the table's text (the writer widens the columns in
    /// proportion to fill the text block).
    pub width: u32,
    pub align: Align,
}

/// Alignment of a column's cells (the header row is always centred).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

impl Table {
    /// Every row in printed order: header rows, body rows, the total row.
    pub fn all_rows(&self) -> impl Iterator<Item = &Vec<Text>> {
        self.header.iter().chain(&self.rows).chain(&self.total)
    }
}

/// An enumerated item (see [`Block::Item`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    pub number: Option<String>,
    /// The item's short title (「压实责任链条」), printed right after the number and
    /// closed with 「。」 by the punctuation pass. `None` for items that are only text.
    pub title: Option<Text>,
    /// The item's paragraphs; the first one runs on after the number and title.
    pub paragraphs: Vec<Text>,
}

/// A run of text made of spans that each remember their origin.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text {
    pub spans: Vec<Span>,
}

/// Some characters of text and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub source: Source,
}

/// Where a span of text came from: the template's own wording or an answer field.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    Template,
    /// An answer field, by its path (e.g. `主要做法[1].内容`).
    Field(String),
}

impl Source {
    /// The label used in warnings: the field path, or 「模板」 for template wording.
    pub fn label(&self) -> &str {
        match self {
            Source::Template => "模板",
            Source::Field(path) => path,
        }
    }
}

impl Text {
    /// Text of a single span.
    pub fn new(text: impl AsRef<str>, source: Source) -> Text {
        let mut t = Text::default();
        t.push(text, source);
        t
    }

    /// Template wording.
    pub fn plain(text: impl AsRef<str>) -> Text {
        Text::new(text, Source::Template)
    }

    /// Appends text, merging with the last span when the source is the same.
    pub fn push(&mut self, text: impl AsRef<str>, source: Source) {
        let text = text.as_ref();
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.source == source => last.text.push_str(text),
            _ => self.spans.push(Span { text: text.to_string(), source }),
        }
    }

    /// Appends all spans of another text.
    pub fn append(&mut self, other: Text) {
        for s in other.spans {
            self.push(s.text, s.source);
        }
    }

    /// The text with its origins forgotten.
    pub fn to_plain(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// True when there is no visible character left (only white space or nothing).
    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|s| s.text.trim().is_empty())
    }

    /// Each character with its source, in order: the form the passes edit.
    pub fn chars(&self) -> Vec<(char, &Source)> {
        self.spans.iter().flat_map(|s| s.text.chars().map(move |c| (c, &s.source))).collect()
    }

    /// Rebuilds a text from characters with sources (the inverse of [`Text::chars`]).
    pub fn from_chars<'a>(chars: impl IntoIterator<Item = (char, &'a Source)>) -> Text {
        let mut t = Text::default();
        let mut run = String::new();
        let mut run_source: Option<&Source> = None;
        for (c, s) in chars {
            if run_source.is_some_and(|r| r != s) {
                t.push(&run, run_source.expect("checked").clone());
                run.clear();
            }
            run_source = Some(s);
            run.push(c);
        }
        if let Some(s) = run_source {
            t.push(&run, s.clone());
        }
        t
    }

    /// Removes white space at both ends.
    pub fn trim(&self) -> Text {
        self.clone().into_trimmed()
    }

    /// [`Text::trim`] without copying the spans.
    pub fn into_trimmed(self) -> Text {
        let mut spans = self.spans;
        while spans.first().is_some_and(|s| s.text.trim_start().is_empty()) {
            spans.remove(0);
        }
        while spans.last().is_some_and(|s| s.text.trim_end().is_empty()) {
            spans.pop();
        }
        // In place: most texts have nothing to trim, and copying the first and last span
        // of every paragraph was a good part of reading the markup.
        if let Some(first) = spans.first_mut() {
            let lead = first.text.len() - first.text.trim_start().len();
            first.text.drain(..lead);
        }
        if let Some(last) = spans.last_mut() {
            last.text.truncate(last.text.trim_end().len());
        }
        Text { spans }
    }

    /// [`Text::push`] of an owned string: a new span takes the string itself, not a copy.
    pub fn push_owned(&mut self, text: String, source: Source) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.source == source => last.text.push_str(&text),
            _ => self.spans.push(Span { text, source }),
        }
    }
}

impl Block {
    /// The block's full text as printed (number included), for outlines and tests.
    pub fn printed_text(&self) -> String {
        match self {
            Block::Title(t)
            | Block::Recipient(t)
            | Block::Paragraph(t)
            | Block::Signature(t)
            | Block::Date(t) => t.to_plain(),
            Block::Heading { number, text, .. } => {
                format!("{}{}", number.as_deref().unwrap_or(""), text.to_plain())
            }
            Block::Table(table) => table.caption.to_plain(),
            Block::Item(item) => {
                let mut s = item.number.clone().unwrap_or_default();
                if let Some(t) = &item.title {
                    s.push_str(&t.to_plain());
                }
                if let Some(p) = item.paragraphs.first() {
                    s.push_str(&p.to_plain());
                }
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_merges_same_source() {
        let mut t = Text::plain("甲");
        t.push("乙", Source::Template);
        t.push("丙", Source::Field("乡镇名称".into()));
        assert_eq!(t.spans.len(), 2);
        assert_eq!(t.to_plain(), "甲乙丙");
    }

    #[test]
    fn chars_round_trip_and_trim() {
        let mut t = Text::plain("  开头");
        t.push("𠀾结尾 ", Source::Field("a".into()));
        let back = Text::from_chars(t.chars());
        assert_eq!(back, t);
        assert_eq!(t.trim().to_plain(), "开头𠀾结尾");
        assert_eq!(t.trim().spans.len(), 2);
    }

    #[test]
    fn date_forms() {
        let d = Date { year: 2026, month: 1, day: 7 };
        assert_eq!(d.to_chinese(), "2026年1月7日");
        assert_eq!(d.to_iso(), "2026-01-07");
    }
}
