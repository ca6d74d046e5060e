//! The .docx writer: a [`Document`] in, the bytes of a WordprocessingML package out.
//!
//! The module owns everything about OOXML and nothing about the report's content:
//! - [`xml`]: the one escaping XML writer all parts go through;
//! - [`props`]: paragraph and run properties, written in schema order;
//! - [`styles`]: `styles.xml`, where the GB/T 9704 layout lives;
//! - [`document`]: `document.xml`, blocks → paragraphs, and the page setup;
//! - [`title`]: breaking a long title into lines;
//! - [`fit`]: the line estimate that places the 落款 on the body's last page;
//! - [`parts`]: the small parts (content types, relationships, properties, settings,
//!   fonts, theme, footers);
//! - this file: the zip package.
//!
//! Output is deterministic: fixed entry order, fixed timestamps, no clock, so the same
//! document always gives byte-identical files.

mod document;
mod fit;
mod parts;
mod props;
mod styles;
mod title;
mod xml;

#[cfg(test)]
mod tests;

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::model::Document;
use parts::PageSide;

/// The WordprocessingML main namespace.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace used by `r:id` attributes.
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Writes the document as a complete .docx package.
pub fn write(doc: &Document) -> Vec<u8> {
    // [Content_Types].xml first: some readers sniff the package by its first entry.
    let entries: [(&str, Vec<u8>); 12] = [
        ("[Content_Types].xml", parts::content_types_xml()),
        ("_rels/.rels", parts::root_rels_xml()),
        ("docProps/core.xml", parts::core_xml(&doc.meta)),
        ("docProps/app.xml", parts::app_xml()),
        ("word/document.xml", document::document_xml(doc)),
        ("word/styles.xml", styles::styles_xml()),
        ("word/settings.xml", parts::settings_xml()),
        ("word/fontTable.xml", parts::font_table_xml()),
        ("word/theme/theme1.xml", parts::theme_xml()),
        ("word/footer1.xml", parts::footer_xml(PageSide::Odd)),
        ("word/footer2.xml", parts::footer_xml(PageSide::Even)),
        ("word/_rels/document.xml.rels", parts::document_rels_xml()),
    ];
    package(&entries)
}

/// Zips the parts: Deflate for every entry, the DOS epoch (1980-01-01 00:00) as the
/// timestamp, fixed permissions and host system, so the bytes depend only on the parts.
fn package(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let options = SimpleFileOptions::DEFAULT
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .system(zip::System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    // Writing to memory with fixed, distinct names cannot fail; a failure here is a bug
    // in this function, not a condition a caller could handle.
    for (name, bytes) in entries {
        zip.start_file(*name, options)
            .expect("start a zip entry in memory");
        zip.write_all(bytes).expect("write a zip entry to memory");
    }
    zip.finish().expect("finish a zip in memory").into_inner()
}
