//! Plain text (.txt): one line, one paragraph.
//!
//! A 范文 bought online is mostly a GBK file with CRLF line ends, sometimes UTF-8 or UTF-16
//! with a BOM: the same guess as for answers files ([`crate::decode`]). Blank lines only
//! separate paragraphs and are not kept. A file with NUL bytes that is not UTF-16 is a
//! binary file, refused rather than read as text.

use super::raw::{Location, RawDocument};
use crate::limits::MAX_DOCX_PARAGRAPHS;

/// Decodes `bytes` and reads each non-blank line as a paragraph (its line number kept).
pub fn read(bytes: &[u8]) -> Result<RawDocument, String> {
    let text = decode(bytes)?;
    lines(&text)
}

/// The text of a text or Markdown file, in any encoding `render` accepts.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("文件是空的".into());
    }
    let utf16 = bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF");
    if !utf16 && memchr::memchr(0, bytes).is_some() {
        return Err("不是文本文件（含有 NUL 字节，可能是二进制文件或 .doc 文件；.doc 请在 Word 或 WPS 中另存为 .docx）".into());
    }
    crate::decode::decode(bytes).map(|d| d.text).map_err(|d| d.message)
}

/// Splits on `\r\n`, `\n` and `\r`; trailing white space is dropped, blank lines skipped.
fn lines(text: &str) -> Result<RawDocument, String> {
    let mut doc = RawDocument::default();
    let unified = text.replace("\r\n", "\n");
    for (i, line) in unified.split(['\n', '\r']).enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() {
            continue;
        }
        if doc.blocks.len() >= MAX_DOCX_PARAGRAPHS {
            return Err(format!("段落太多：超过 {MAX_DOCX_PARAGRAPHS} 段（第 {} 行），不像是一份报告", i + 1));
        }
        doc.push_paragraph(line, Location::line(i + 1));
    }
    if doc.blocks.is_empty() {
        return Err("文件中没有文字".into());
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readers::raw::RawBlock;

    fn texts(doc: &RawDocument) -> Vec<(String, usize)> {
        doc.blocks
            .iter()
            .map(|b| match b {
                RawBlock::Paragraph(p) => (p.text.clone(), p.at.index),
                RawBlock::Table(_) => unreachable!("text has no tables"),
            })
            .collect()
    }

    #[test]
    fn gbk_with_crlf_keeps_line_numbers() {
        let (bytes, _, _) = encoding_rs::GBK.encode("青石镇工作报告\r\n\r\n一、基本情况\r\n全镇有村 9 个。  \r\n");
        let doc = read(&bytes).unwrap();
        assert_eq!(texts(&doc), [("青石镇工作报告".to_owned(), 1), ("一、基本情况".to_owned(), 3), ("全镇有村 9 个。".to_owned(), 4)]);
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert!(read(b"PK\x03\x04\x00\x00binary").unwrap_err().contains("不是文本文件"));
        assert_eq!(read(b"").unwrap_err(), "文件是空的");
        assert_eq!(read(b"\n \r\n").unwrap_err(), "文件中没有文字");
    }
}
