//! Opening a .docx safely: a zip whose parts are read with hard bounds.
//!
//! `check` and `dump` read files that no tool of ours made, so a zip bomb, a huge part or
//! a package with thousands of entries must be refused before anything is expanded: the
//! declared sizes are checked first, and every read is capped in case they lie.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use super::cause;
use crate::limits::{MAX_DOCX_BYTES, MAX_DOCX_ENTRIES, MAX_DOCX_EXPANDED_BYTES, MAX_DOCX_PART_RATIO};

/// Why a .docx could not be read (the CLI maps these to exit status 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Why, in Chinese (see [`super::cause`]).
    #[error("不是有效的 .docx 文件：{0}")]
    NotZip(String),
    #[error("文件有 {0} 字节，超过上限 {MAX_DOCX_BYTES} 字节")]
    TooLarge(u64),
    #[error("压缩包里有 {0} 个条目，超过上限 {MAX_DOCX_ENTRIES} 个")]
    TooManyEntries(usize),
    #[error("压缩包展开后超过 {MAX_DOCX_EXPANDED_BYTES} 字节（疑似“压缩炸弹”），已拒绝")]
    ExpandsTooMuch,
    #[error("条目「{0}」的压缩比超过 {MAX_DOCX_PART_RATIO} 倍（疑似“压缩炸弹”），已拒绝")]
    RatioTooHigh(String),
    #[error("缺少部件「{0}」")]
    MissingPart(String),
    #[error("部件「{part}」无法读取：{why}")]
    BadPart { part: String, why: String },
    #[error("压缩包里有两个名为「{0}」的部件（名称相同或只差大小写），无法确定该用哪一个，已拒绝")]
    DuplicatePart(String),
}

/// The text parts of a package, by name (only the XML parts a report check needs).
#[derive(Debug, Clone, Default)]
pub struct Package {
    parts: BTreeMap<String, String>,
    /// Every entry name in the archive, in archive order.
    pub names: Vec<String>,
}

impl Package {
    /// Opens a .docx from its bytes, refusing oversized or bomb-like archives.
    pub fn open(bytes: &[u8]) -> Result<Package, ReadError> {
        if bytes.len() as u64 > MAX_DOCX_BYTES {
            return Err(ReadError::TooLarge(bytes.len() as u64));
        }
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::NotZip(cause::not_zip(bytes, &e)))?;
        if zip.len() > MAX_DOCX_ENTRIES {
            return Err(ReadError::TooManyEntries(zip.len()));
        }
        refuse_duplicates(&zip, bytes)?;
        // Declared sizes first: a bomb is refused before a single byte is inflated.
        let mut declared: u64 = 0;
        for i in 0..zip.len() {
            let f = zip.by_index_raw(i).map_err(|e| ReadError::NotZip(cause::zip(&e)))?;
            declared = declared.saturating_add(f.size());
            if f.size() > 1024 * 1024 && f.size() / f.compressed_size().max(1) > MAX_DOCX_PART_RATIO {
                return Err(ReadError::RatioTooHigh(f.name().map_err(|e| ReadError::NotZip(cause::zip(&e)))?.to_string()));
            }
        }
        if declared > MAX_DOCX_EXPANDED_BYTES {
            return Err(ReadError::ExpandsTooMuch);
        }
        let mut pkg = Package::default();
        let mut expanded: u64 = 0;
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).map_err(|e| ReadError::NotZip(cause::zip(&e)))?;
            let name = f.name().map_err(|e| ReadError::NotZip(cause::zip(&e)))?.to_string();
            pkg.names.push(name.clone());
            if !(name.ends_with(".xml") || name.ends_with(".rels")) {
                continue;
            }
            let method = f.compression();
            // The declared size may lie: never read more than what is left of the budget.
            let budget = MAX_DOCX_EXPANDED_BYTES - expanded;
            // Sized from the declared size (capped by the budget), so a large part is not
            // grown by doubling; a lying size only costs more reallocations.
            let mut buf = Vec::with_capacity(f.size().min(budget) as usize);
            (&mut f)
                .take(budget + 1)
                .read_to_end(&mut buf)
                .map_err(|e| ReadError::BadPart { part: name.clone(), why: cause::entry_read(&e, method) })?;
            expanded += buf.len() as u64;
            if expanded > MAX_DOCX_EXPANDED_BYTES {
                return Err(ReadError::ExpandsTooMuch);
            }
            let text = decode_xml_bytes(buf).ok_or_else(|| ReadError::BadPart { part: name.clone(), why: "不是 UTF-8 或 UTF-16 文本".into() })?;
            pkg.parts.insert(name, text);
        }
        Ok(pkg)
    }

    /// A part's XML text, if the package has it.
    pub fn part(&self, name: &str) -> Option<&str> {
        self.parts.get(name).map(String::as_str)
    }

    /// A part that must exist.
    pub fn required(&self, name: &str) -> Result<&str, ReadError> {
        self.part(name).ok_or_else(|| ReadError::MissingPart(name.to_string()))
    }
}

/// Refuses two entries with one part name. Part names are compared case-insensitively
/// (OPC, ECMA-376 Part 2 §6.2.2.3), and the zip crate keeps only the last of two entries
/// with the very same name: whichever one a reader takes, another reader (Word) may take
/// the other, so the package shown is not the package checked.
fn refuse_duplicates(zip: &zip::ZipArchive<Cursor<&[u8]>>, bytes: &[u8]) -> Result<(), ReadError> {
    if zip.has_duplicate_names() {
        let start = zip.offset().saturating_add(zip.central_directory_start());
        let name = first_repeated_name(bytes, start).unwrap_or_else(|| "？".to_string());
        return Err(ReadError::DuplicatePart(name));
    }
    let mut seen = std::collections::HashSet::with_capacity(zip.len());
    for name in zip.file_names() {
        let name = name.map_err(|e| ReadError::NotZip(cause::zip(&e)))?;
        if !seen.insert(name.to_lowercase()) {
            return Err(ReadError::DuplicatePart(name.into_owned()));
        }
    }
    Ok(())
}

/// The first name that occurs twice among the central directory's records from `start`
/// (the zip crate has already merged them, so they are read here from the bytes).
fn first_repeated_name(bytes: &[u8], start: u64) -> Option<String> {
    let mut at = usize::try_from(start).ok()?;
    let mut seen = std::collections::HashSet::new();
    // A central directory record: signature, 42 bytes of fields, then name, extra, comment.
    while bytes.get(at..at + 4) == Some(b"PK\x01\x02") {
        let field = |offset: usize| bytes.get(at + offset..at + offset + 2).map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])));
        let (name_len, extra_len, comment_len) = (field(28)?, field(30)?, field(32)?);
        let name = bytes.get(at + 46..at + 46 + name_len)?;
        if !seen.insert(name) {
            return Some(String::from_utf8_lossy(name).into_owned());
        }
        at += 46 + name_len + extra_len + comment_len;
    }
    None
}

/// XML parts are UTF-8, or UTF-16 with a BOM (some older writers). UTF-8 takes the bytes
/// over without a copy: the largest part would otherwise be held twice.
fn decode_xml_bytes(buf: Vec<u8>) -> Option<String> {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(&buf) {
        let (text, _, had_errors) = enc.decode(&buf);
        return (!had_errors).then(|| text.into_owned());
    }
    String::from_utf8(buf).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            zip.start_file(*name, opts).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_unread() {
        let big = vec![0u8; MAX_DOCX_BYTES as usize + 1];
        assert_eq!(Package::open(&big).unwrap_err(), ReadError::TooLarge(MAX_DOCX_BYTES + 1));
    }

    #[test]
    fn too_many_entries_are_refused() {
        let names: Vec<String> = (0..=MAX_DOCX_ENTRIES).map(|i| format!("p{i}.txt")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        assert_eq!(Package::open(&zip_of(&entries)).unwrap_err(), ReadError::TooManyEntries(MAX_DOCX_ENTRIES + 1));
    }

    #[test]
    fn a_part_that_compresses_too_well_is_refused() {
        // 4 MB of zeros deflate to about 4 KB: a ratio near 1000, far above the limit, while
        // the whole stays far below the expanded-size limit.
        let zeros = vec![0u8; 4 * 1024 * 1024];
        let err = Package::open(&zip_of(&[("word/document.xml", &zeros)])).unwrap_err();
        assert_eq!(err, ReadError::RatioTooHigh("word/document.xml".into()));
    }

    /// A zip with the entries named, where each `#` in a name is written as `_` and then
    /// patched to `#`'s target in the archive's bytes: the zip writer refuses duplicates,
    /// so `[("a_xml", ..), ("a#xml", ..)]` with `#` → `_` makes two entries named `a_xml`.
    fn zip_with_renamed(entries: &[(&str, &[u8])], from: &str, to: &str) -> Vec<u8> {
        let mut bytes = zip_of(entries);
        let (from, to) = (from.as_bytes(), to.as_bytes());
        assert_eq!(from.len(), to.len());
        let mut i = 0;
        while i + from.len() <= bytes.len() {
            if &bytes[i..i + from.len()] == from {
                bytes[i..i + from.len()].copy_from_slice(to);
            }
            i += 1;
        }
        bytes
    }

    #[test]
    fn two_parts_with_one_name_are_refused() {
        let exact = zip_with_renamed(&[("word/document.xml", b"<a/>"), ("word/documenX.xml", b"<b/>")], "word/documenX.xml", "word/document.xml");
        assert_eq!(Package::open(&exact).unwrap_err(), ReadError::DuplicatePart("word/document.xml".into()));
        let case = zip_of(&[("word/document.xml", b"<a/>"), ("Word/Document.XML", b"<b/>")]);
        assert_eq!(Package::open(&case).unwrap_err(), ReadError::DuplicatePart("Word/Document.XML".into()));
        assert!(ReadError::DuplicatePart("word/document.xml".into()).to_string().contains("「word/document.xml」"));
    }

    #[test]
    fn a_small_part_that_compresses_well_is_fine() {
        let xml = format!("<a>{}</a>", "<b/>".repeat(10_000));
        let pkg = Package::open(&zip_of(&[("word/document.xml", xml.as_bytes())])).unwrap();
        assert_eq!(pkg.part("word/document.xml").map(str::len), Some(xml.len()));
    }
}
