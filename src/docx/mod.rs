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
//! Why not docx-rs, the crate the design named: version 0.4.22 writes OOXML that breaks
//! Word's schema rules. A minimal report built with it (title, heading, two paragraphs with
//! East Asian fonts via `RunFonts`, alignment, indent) gets 21 errors from the Open XML SDK
//! rules (openxml-audit): 20 elements out of schema order — `rPr` ×10 (9 in numbering.xml),
//! `rFonts` ×4, `jc` ×3 — and a missing theme relationship; a full report measured 106. It
//! also writes control characters raw, drops `firstLineChars` and stores entries
//! uncompressed. Word silently drops out-of-order run properties (the fonts included) and
//! Word for the web refuses such files, so this module writes the parts itself, in schema
//! order by construction (see [`props`]).
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
use std::sync::OnceLock;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::model::Document;
use parts::PageSide;

/// The WordprocessingML main namespace.
const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The relationships namespace used by `r:id` attributes.
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The package's entries in the order they are written. Only `core.xml` (title, date) and
/// `document.xml` depend on the document; the rest are the same for every report.
const ENTRY_ORDER: [&str; 12] = [
    // [Content_Types].xml first: some readers sniff the package by its first entry.
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "word/document.xml",
    "word/styles.xml",
    "word/settings.xml",
    "word/fontTable.xml",
    "word/theme/theme1.xml",
    "word/footer1.xml",
    "word/footer2.xml",
    "word/_rels/document.xml.rels",
];

/// The parts that never change, zipped once per process.
///
/// Measured with callgrind: setting up a Deflate stream zeroes its window and hash tables,
/// and doing that for twelve entries per report was 42% of all instructions of a render.
/// The constant parts are compressed once here and copied into each package as they are
/// (`raw_copy_file`), so only `core.xml` and `document.xml` are compressed per report.
fn constant_parts() -> &'static [u8] {
    static ZIPPED: OnceLock<Vec<u8>> = OnceLock::new();
    ZIPPED.get_or_init(|| {
        package(&[
            ("[Content_Types].xml", parts::content_types_xml()),
            ("_rels/.rels", parts::root_rels_xml()),
            ("docProps/app.xml", parts::app_xml()),
            ("word/styles.xml", styles::styles_xml()),
            ("word/settings.xml", parts::settings_xml()),
            ("word/fontTable.xml", parts::font_table_xml()),
            ("word/theme/theme1.xml", parts::theme_xml()),
            ("word/footer1.xml", parts::footer_xml(PageSide::Odd)),
            ("word/footer2.xml", parts::footer_xml(PageSide::Even)),
            ("word/_rels/document.xml.rels", parts::document_rels_xml()),
        ])
    })
}

/// Writes the document as a complete .docx package.
pub fn write(doc: &Document) -> Vec<u8> {
    let mut constant = zip::ZipArchive::new(Cursor::new(constant_parts())).expect("the constant parts are a valid zip");
    let core = parts::core_xml(&doc.meta);
    let document = document::document_xml(doc);
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(16 * 1024)));
    // Everything here happens in memory with names of our own: a failure is a bug in this
    // function, not a condition a caller could handle.
    for name in ENTRY_ORDER {
        let fresh = match name {
            "docProps/core.xml" => Some(&core),
            "word/document.xml" => Some(&document),
            _ => None,
        };
        match fresh {
            Some(bytes) => {
                zip.start_file(name, entry_options()).expect("start a zip entry in memory");
                zip.write_all(bytes).expect("write a zip entry to memory");
            }
            None => {
                let entry = constant.by_name_raw(name.as_bytes()).expect("every constant part is in the cache");
                zip.raw_copy_file(entry).expect("copy a zip entry in memory");
            }
        }
    }
    zip.finish().expect("finish a zip in memory").into_inner()
}

/// Deflate at level 1 (the fastest; see the README's benchmark for the size it costs),
/// the DOS epoch as the timestamp, fixed permissions and host system.
fn entry_options() -> SimpleFileOptions {
    SimpleFileOptions::DEFAULT
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(DateTime::DEFAULT)
        .system(zip::System::Unix)
        .unix_permissions(0o644)
}

/// Zips the parts: Deflate for every entry, the DOS epoch (1980-01-01 00:00) as the
/// timestamp, fixed permissions and host system, so the bytes depend only on the parts.
fn package(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let options = entry_options();
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
