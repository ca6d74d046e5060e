//! The raw document: what a reader (text, Markdown, .docx) hands to the structure reader.
//!
//! Readers know their format and nothing about reports; [`super::structure`] knows reports
//! and nothing about formats. Between them sits this flat list of paragraphs and tables in
//! reading order, each with where it came from, so that every later message (a removed
//! advert line, a placeholder made a field, a table that could not be placed) can name the
//! line of a text file or the paragraph of a .docx part. A reader also lists what it could
//! not carry at all (images, text boxes, footnotes, …) as [`Note`]s: nothing disappears
//! without a word.

/// A document as read, before its structure is known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawDocument {
    /// Paragraphs and tables in reading order (body first, then headers and footers).
    pub blocks: Vec<RawBlock>,
    /// Content the reader saw but could not turn into text, with where it was.
    pub notes: Vec<Note>,
}

/// One paragraph or table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawBlock {
    Paragraph(RawParagraph),
    Table(RawTable),
}

/// A paragraph's text (one line of a text file, a Markdown paragraph, a Word `w:p`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawParagraph {
    /// The text, as typed: numbering such as 「一、」 is still in it (Word's automatic
    /// numbering is turned into text by the .docx reader).
    pub text: String,
    /// What the source format says about the paragraph, if anything.
    pub hint: Option<Hint>,
    /// Centred or right-aligned in the source (a .docx), a clue for title, 署名 and date.
    pub align: Option<Align>,
    pub at: Location,
}

/// A table's rows of cell texts (a cell's paragraphs joined by line breaks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTable {
    pub rows: Vec<Vec<String>>,
    pub at: Location,
}

/// What the source format says a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    /// A Word 「Title」 style, or the one top-level Markdown heading of a file.
    Title,
    /// A heading of level 1 to 9: Word heading style or outline level, Markdown `##`…
    Heading(u8),
    /// An item of a bulleted (`ordered: false`) or numbered list.
    ListItem { ordered: bool },
}

/// Paragraph alignment, when the source says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Center,
    Right,
}

/// Where a block came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The part of a .docx (`word/document.xml`, `word/header1.xml`); `None` for a text file.
    pub part: Option<String>,
    /// The line (text, Markdown: from 1) or the paragraph's index in its part (.docx: from 1).
    pub index: usize,
}

impl Location {
    /// A line of a text or Markdown file.
    pub fn line(line: usize) -> Location {
        Location { part: None, index: line }
    }

    /// True for a header or footer of a .docx (where only adverts and page numbers are
    /// expected, never report text).
    pub fn is_header_or_footer(&self) -> bool {
        self.part.as_deref().is_some_and(|p| p.contains("header") || p.contains("footer"))
    }
}

impl std::fmt::Display for Location {
    /// 「第 12 行」 or 「word/header1.xml 第 3 段」.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.part {
            None => write!(f, "第 {} 行", self.index),
            Some(part) => write!(f, "{part} 第 {} 段", self.index),
        }
    }
}

/// Something the reader could not carry (an image, a text box, a footnote, a comment, a
/// tracked change), in Chinese, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub what: String,
    pub at: Location,
}

impl RawDocument {
    /// Appends a paragraph with no hint.
    pub fn push_paragraph(&mut self, text: impl Into<String>, at: Location) {
        self.blocks.push(RawBlock::Paragraph(RawParagraph { text: text.into(), hint: None, align: None, at }));
    }
}
