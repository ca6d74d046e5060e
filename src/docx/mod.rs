//! The .docx writer: a [`Document`] in, the bytes of a WordprocessingML package out.
//!
//! The module owns everything about OOXML and nothing about the report's content:
//! - `xml`: the one escaping XML writer all parts go through;
//! - `props`: paragraph and run properties, written in schema order;
//! - `styles`: `styles.xml`, where the GB/T 9704 layout lives;
//! - `document`: `document.xml`, blocks → paragraphs, and the page setup;
//! - `title`: breaking a long title into lines;
//! - `estimate`: the lines a paragraph takes, as LibreOffice sets it;
//! - `fit`: the placing of the 落款 on the body's last page, from the estimate;
//! - `pages`: the page plan, with the keep rules of headings and the 落款;
//! - `parts`: the small parts (content types, relationships, properties, settings,
//!   fonts, theme, footers);
//! - this file: the zip package (written here; the `zip` crate only reads, in `inspect`).
//!
//! Why not docx-rs, the crate the design named: version 0.4.22 writes OOXML that breaks
//! Word's schema rules. A minimal report built with it (title, heading, two paragraphs with
//! East Asian fonts via `RunFonts`, alignment, indent) gets 21 errors from the Open XML SDK
//! rules (openxml-audit): 20 elements out of schema order — `rPr` ×10 (9 in numbering.xml),
//! `rFonts` ×4, `jc` ×3 — and a missing theme relationship; a full report measured 106. It
//! also writes control characters raw, drops `firstLineChars` and stores entries
//! uncompressed. Word silently drops out-of-order run properties (the fonts included) and
//! Word for the web refuses such files, so this module writes the parts itself, in schema
//! order by construction (see `props`).
//!
//! Output is deterministic: fixed entry order, fixed timestamps, no clock, so the same
//! document always gives byte-identical files.

mod document;
mod estimate;
mod fit;
mod pages;
mod parts;
mod props;
mod styles;
mod table;
mod title;
mod xml;

#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::sync::OnceLock;

use flate2::{Compress, Compression, FlushCompress, Status};

use crate::model::Document;
pub use fit::page_plan;
pub use table::column_widths;
pub use pages::PlannedLine;
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

/// Deflate level 1: the fastest (see the README's 「性能」 section).
const DEFLATE_LEVEL: u32 = 1;

/// One entry, compressed: what the local header and the central directory need.
struct Zipped {
    name: &'static str,
    crc: u32,
    size: u32,
    deflated: Vec<u8>,
}

/// The parts that never change, compressed once per process and copied into every package.
///
/// Measured with callgrind: setting up a Deflate stream (allocating and zeroing its window
/// and hash tables) dominated a render when every entry had its own stream.
fn constant_parts() -> &'static [Zipped] {
    static ZIPPED: OnceLock<Vec<Zipped>> = OnceLock::new();
    ZIPPED.get_or_init(|| {
        let parts: [(&'static str, Vec<u8>); 10] = [
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
        ];
        parts
            .into_iter()
            .map(|(name, bytes)| {
                let mut deflated = Vec::new();
                deflate_into(&bytes, &mut deflated);
                Zipped { name, crc: crc32fast::hash(&bytes), size: entry_size(&bytes), deflated }
            })
            .collect()
    })
}

/// Writes the document as a complete .docx package.
pub fn write(doc: &Document) -> Vec<u8> {
    let core = parts::core_xml(&doc.meta);
    let document = document::document_xml(doc);
    let constant = constant_parts();
    let mut zip = ZipOut { buf: Vec::with_capacity(4 * 1024 + document.len() / 2 + constant_len(constant)), central: Vec::new() };
    for name in ENTRY_ORDER {
        match name {
            // Stored, not deflated: compressing 600 bytes saves 200 of them but costs a
            // fresh compressor (clearing its 128 KB hash table), about 15 µs a report.
            "docProps/core.xml" => zip.stored_entry(name, &core),
            "word/document.xml" => zip.deflated_entry(name, &document),
            _ => {
                let part = constant.iter().find(|z| z.name == name).expect("every constant part is in the cache");
                zip.copied_entry(part);
            }
        }
    }
    zip.finish()
}

fn constant_len(constant: &[Zipped]) -> usize {
    constant.iter().map(|z| z.deflated.len() + 2 * (46 + z.name.len())).sum()
}

/// Sizes are 32-bit in a zip without Zip64 extensions; a part of 4 GiB cannot come from a
/// questionnaire whose input is capped far below that.
fn entry_size(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.len()).expect("a part is far below 4 GiB")
}

// ------------------------------------------------------------------ the zip container
//
// PKWARE APPNOTE 6.3: for each entry a local file header and its data, then the central
// directory and its end record. Every entry is Deflate (method 8), but docProps/core.xml
// which is stored (method 0), with known sizes (no data descriptor, flag bits 0), the DOS epoch 1980-01-01 00:00 as its time, "version made by"
// Unix 2.0 and permissions rw-r--r--, no extra fields and no comments: the bytes depend only
// on the parts. (These are the header values the `zip` crate wrote before this writer.)

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL_DIRECTORY: u32 = 0x0605_4b50;
/// Version 2.0: Deflate.
const VERSION_NEEDED: u16 = 20;
/// Unix (3) in the high byte, version 2.0 in the low byte.
const VERSION_MADE_BY: u16 = 0x0314;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATE: u16 = 8;
const DOS_TIME: u16 = 0;
/// 1980-01-01: day 1, month 1, year 0 since 1980.
const DOS_DATE: u16 = (1 << 5) | 1;
/// A regular file, rw-r--r--, in the high 16 bits (Unix hosts).
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;

struct ZipOut {
    buf: Vec<u8>,
    /// The central directory, built alongside and appended at the end.
    central: Vec<u8>,
}

impl ZipOut {
    /// An entry compressed now, straight into the package after its local header.
    fn deflated_entry(&mut self, name: &'static str, bytes: &[u8]) {
        let offset = self.buf.len();
        let crc = crc32fast::hash(bytes);
        self.local_header(name, METHOD_DEFLATE, crc, 0, entry_size(bytes));
        let data_start = self.buf.len();
        deflate_into(bytes, &mut self.buf);
        let deflated = entry_size(&self.buf[data_start..]);
        // The compressed size is known only now: patch it into the local header.
        self.buf[offset + 18..offset + 22].copy_from_slice(&deflated.to_le_bytes());
        self.central_header(name, METHOD_DEFLATE, crc, deflated, entry_size(bytes), offset);
    }

    /// An entry kept as it is (method 0): for a part too small to be worth a compressor.
    fn stored_entry(&mut self, name: &'static str, bytes: &[u8]) {
        let offset = self.buf.len();
        let crc = crc32fast::hash(bytes);
        let size = entry_size(bytes);
        self.local_header(name, METHOD_STORED, crc, size, size);
        self.buf.extend_from_slice(bytes);
        self.central_header(name, METHOD_STORED, crc, size, size, offset);
    }

    /// An entry compressed once for the whole process.
    fn copied_entry(&mut self, part: &Zipped) {
        let offset = self.buf.len();
        let deflated = entry_size(&part.deflated);
        self.local_header(part.name, METHOD_DEFLATE, part.crc, deflated, part.size);
        self.buf.extend_from_slice(&part.deflated);
        self.central_header(part.name, METHOD_DEFLATE, part.crc, deflated, part.size, offset);
    }

    fn local_header(&mut self, name: &str, method: u16, crc: u32, deflated: u32, size: u32) {
        let b = &mut self.buf;
        put32(b, LOCAL_HEADER);
        put16(b, VERSION_NEEDED);
        put16(b, 0); // flags
        put16(b, method);
        put16(b, DOS_TIME);
        put16(b, DOS_DATE);
        put32(b, crc);
        put32(b, deflated);
        put32(b, size);
        put16(b, name_len(name));
        put16(b, 0); // extra field length
        b.extend_from_slice(name.as_bytes());
    }

    fn central_header(&mut self, name: &str, method: u16, crc: u32, deflated: u32, size: u32, offset: usize) {
        let b = &mut self.central;
        put32(b, CENTRAL_HEADER);
        put16(b, VERSION_MADE_BY);
        put16(b, VERSION_NEEDED);
        put16(b, 0); // flags
        put16(b, method);
        put16(b, DOS_TIME);
        put16(b, DOS_DATE);
        put32(b, crc);
        put32(b, deflated);
        put32(b, size);
        put16(b, name_len(name));
        put16(b, 0); // extra field length
        put16(b, 0); // comment length
        put16(b, 0); // disk number
        put16(b, 0); // internal attributes
        put32(b, EXTERNAL_ATTRIBUTES);
        put32(b, u32::try_from(offset).expect("a package is far below 4 GiB"));
        b.extend_from_slice(name.as_bytes());
    }

    fn finish(mut self) -> Vec<u8> {
        let entries = u16::try_from(ENTRY_ORDER.len()).expect("twelve entries");
        let central_offset = u32::try_from(self.buf.len()).expect("a package is far below 4 GiB");
        let central_len = u32::try_from(self.central.len()).expect("a small central directory");
        self.buf.extend_from_slice(&self.central);
        let b = &mut self.buf;
        put32(b, END_OF_CENTRAL_DIRECTORY);
        put16(b, 0); // this disk
        put16(b, 0); // the disk where the central directory starts
        put16(b, entries); // entries on this disk
        put16(b, entries); // entries in all
        put32(b, central_len);
        put32(b, central_offset);
        put16(b, 0); // comment length
        self.buf
    }
}

fn name_len(name: &str) -> u16 {
    u16::try_from(name.len()).expect("our own short entry names")
}

fn put16(b: &mut Vec<u8>, v: u16) {
    b.extend_from_slice(&v.to_le_bytes());
}

fn put32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_le_bytes());
}

/// Raw Deflate (no zlib header, as zip wants) of `input`, appended to `out`.
///
/// One compressor per thread, reset between entries: creating a compressor allocates and
/// zeroes its window and tables, which cost more than compressing a report's `document.xml`.
/// A reset stream produces exactly the bytes a fresh one would.
fn deflate_into(input: &[u8], out: &mut Vec<u8>) {
    thread_local! {
        static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(DEFLATE_LEVEL), false));
    }
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let start_in = c.total_in();
        // Level 1 rarely grows text; the bound covers incompressible input too.
        out.reserve(input.len() + input.len() / 1000 + 64);
        loop {
            let consumed = usize::try_from(c.total_in() - start_in).expect("fits in memory");
            let status = c
                .compress_vec(&input[consumed..], out, FlushCompress::Finish)
                .expect("Deflate into memory cannot fail");
            match status {
                Status::StreamEnd => break,
                // Out of room: give it more and go on.
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(1024)),
            }
        }
        debug_assert_eq!(c.total_in() - start_in, input.len() as u64);
    });
}
