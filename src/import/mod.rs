//! `gongwen template import 范文 -o DIR`: a 范文 (.txt, .md, .docx) becomes a report kind.
//!
//! The file goes through its format's reader ([`crate::readers`]) and the one structure
//! reader, so that adverts, the seller's lines and headers/footers are out (each listed) and
//! the title, headings, items, 署名 and date are known. Then [`kind`] writes the kind: every
//! placeholder a field ([`fields`]), each enumeration a list field whose examples are the
//! 范文's own items, the rest of the wording the skeleton's own. [`Imported`] says what was
//! done: the fields with the sentences they came from, the lines removed, what could not be
//! placed. Nothing of the text is dropped without a line in that account.

pub mod fields;
mod json;
mod kind;

use std::path::Path;

use crate::readers::clean::Removed;
use crate::readers::raw::{Location, RawDocument};

pub use kind::{FieldMade, ListMade};

/// What an import made and found.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The files of the kind's folder: (path inside it, text).
    pub files: Vec<(String, String)>,
    pub fields: Vec<FieldMade>,
    pub lists: Vec<ListMade>,
    /// Items that hold a placeholder: kept in the skeleton (their blanks fields), between
    /// the list fields, so that the order of the 范文 stays.
    pub fixed_items: Vec<Location>,
    pub removed: Vec<Removed>,
    /// What could not be placed (tables, images, …), in Chinese, with where.
    pub unplaced: Vec<(Location, String)>,
    /// What the kind has that the 范文 had not (a 署名, a date line), in Chinese.
    pub added: Vec<String>,
    /// How many blocks of each sort the structure has: title, headings, paragraphs, items.
    pub counts: Counts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub headings: [usize; 4],
    pub paragraphs: usize,
    pub items: usize,
}

/// The file name of the example answers the import writes (the 范文 with its blanks
/// filled by the fields' examples).
pub const EXAMPLE: &str = "examples/fanwen.json";
/// The file of the 范文's list items as defaults, for `render --defaults`.
pub const DEFAULTS: &str = "fanwen-defaults.json";

/// Reads a 范文 file by its extension: .docx, .md/.markdown, else text.
pub fn read(path: &Path) -> Result<RawDocument, String> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let limit = if ext == "docx" { crate::limits::MAX_DOCX_BYTES } else { crate::limits::MAX_INPUT_BYTES as u64 };
    let bytes = crate::read::read_to_limit(path, limit).map_err(|e| format!("无法读取：{e}"))?;
    match ext.as_str() {
        "docx" => crate::readers::docx::read(&bytes).map_err(|e| format!("不是可读的 .docx 文件：{e}")),
        "doc" | "wps" | "pdf" => Err(format!("不能读取 .{ext} 文件：请在 Word 或 WPS 中另存为 .docx 或 .txt 后再导入")),
        "md" | "markdown" => crate::readers::markdown::read(&bytes),
        _ => crate::readers::text::read(&bytes),
    }
}

/// Turns a read 范文 into the files of a kind with the id `id` (see the module notes).
pub fn import(raw: RawDocument, id: &str) -> Result<Imported, String> {
    let structured = crate::readers::structure::build(raw);
    kind::make(structured, id)
}

/// A character of a name (a field key from the words of a 范文): a Chinese character, a
/// Latin letter or a digit.
pub fn is_word_char(c: char) -> bool {
    crate::readers::clean::is_cjk(c) || c.is_ascii_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import_text(text: &str) -> Imported {
        import(crate::readers::text::read(text.as_bytes()).unwrap(), "t").unwrap()
    }

    fn file<'a>(i: &'a Imported, name: &str) -> &'a str {
        &i.files.iter().find(|f| f.0 == name).unwrap().1
    }

    #[test]
    fn markup_characters_in_the_wording_stay_text() {
        let i = import_text("白沙乡工作报告\n一、基本情况\n全乡用a|b两种办法，写作{{甲}}和\\乙，共XX人。\n");
        let outline = file(&i, "examples/fanwen.expected.txt");
        assert!(outline.contains("全乡用a|b两种办法，写作{{甲}}和\\乙，共3人。"), "{outline}");
        assert_eq!(i.fields.iter().map(|f| f.key.as_str()).collect::<Vec<_>>(), ["人数", "署名", "成文日期"]);
    }

    #[test]
    fn without_a_title_line_one_is_supplied_and_said() {
        let err = import(crate::readers::text::read("今年以来做了很多工作。\n".as_bytes()).unwrap(), "t").unwrap_err();
        assert!(err.contains("没有一级标题"), "{err}");
        let i = import_text("一、基本情况\n今年以来做了很多工作。\n明年继续努力。\n");
        assert!(file(&i, "report.hbs").contains("@title 导入的报告"));
        assert!(i.added.iter().any(|a| a.contains("找不到标题")), "{:?}", i.added);
        let outline = file(&i, "examples/fanwen.expected.txt");
        assert!(outline.contains("今年以来做了很多工作。") && outline.contains("明年继续努力。"), "{outline}");
    }
}
