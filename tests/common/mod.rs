//! Helpers shared by the check tests: render a fixture, edit the XML parts of a .docx, and
//! build a zip bomb.
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn fixture_names() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    v.sort();
    v
}

/// The .docx bytes of a fixture rendered with default options.
pub fn render(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    let bytes = std::fs::read(&path).unwrap();
    gongwen::render::render_bytes(&bytes, name, &gongwen::render::Options::default())
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
        .docx
}

/// The entries of a zip, in order.
pub fn unzip(docx: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut buf = Vec::new();
            f.read_to_end(&mut buf).unwrap();
            (f.name().unwrap().to_string(), buf)
        })
        .collect()
}

pub fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A copy of `docx` with one XML part edited as text.
pub fn edit(docx: &[u8], part: &str, f: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut entries = unzip(docx);
    let entry = entries.iter_mut().find(|(n, _)| n == part).unwrap_or_else(|| panic!("no part {part}"));
    let text = String::from_utf8(std::mem::take(&mut entry.1)).unwrap();
    let edited = f(text.clone());
    assert_ne!(edited, text, "the edit of {part} changed nothing");
    entry.1 = edited.into_bytes();
    rezip(&entries)
}

/// Replaces `from` (which must occur exactly `times` times) by `to`.
pub fn replace(text: &str, from: &str, to: &str, times: usize) -> String {
    assert_eq!(text.matches(from).count(), times, "«{from}» occurs {} times, expected {times}", text.matches(from).count());
    text.replace(from, to)
}

/// A zip with one entry `word/document.xml` that inflates to `mib` MiB (a power of two) of
/// zeros, built as repeated byte-aligned Deflate blocks (never holding the expanded data in
/// memory).
pub fn zip_bomb(mib: u64) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    const CHUNK: usize = 1 << 20;
    let zeros = vec![0u8; CHUNK];
    // One MiB of zeros as non-final blocks ending on a byte boundary (a sync flush): copies of
    // it can follow each other, as back-references only reach into preceding zeros.
    let mut c = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(CHUNK);
    c.compress_vec(&zeros, &mut block, FlushCompress::Sync).unwrap();
    assert_eq!(c.total_in() as usize, CHUNK);
    let chunks = mib;
    let size = CHUNK as u64 * chunks;
    let mut data = Vec::with_capacity(block.len() * chunks as usize + 8);
    for _ in 0..chunks {
        data.extend_from_slice(&block);
    }
    data.extend_from_slice(&[0x03, 0x00]); // an empty final block
    // CRC-32 of `size` zeros, by doubling a one-MiB CRC (no pass over the data).
    let mut crc = crc32fast::Hasher::new();
    crc.update(&zeros);
    let mut total = crc.clone();
    let mut done = CHUNK as u64;
    while done < size {
        let copy = total.clone();
        total.combine(&copy);
        done *= 2;
    }
    assert_eq!(done, size, "size must be a power of two MiB");
    let crc = total.finalize();

    let name = b"word/document.xml";
    let (csize, usize_) = (u32::try_from(data.len()).unwrap(), u32::try_from(size).unwrap());
    let mut out = Vec::new();
    // Local file header.
    out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    out.extend_from_slice(&20u16.to_le_bytes()); // version needed
    out.extend_from_slice(&0u16.to_le_bytes()); // flags
    out.extend_from_slice(&8u16.to_le_bytes()); // deflate
    out.extend_from_slice(&0u16.to_le_bytes()); // time
    out.extend_from_slice(&0x21u16.to_le_bytes()); // date 1980-01-01
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&csize.to_le_bytes());
    out.extend_from_slice(&usize_.to_le_bytes());
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(name);
    out.extend_from_slice(&data);
    let cd_offset = out.len() as u32;
    // Central directory.
    out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    out.extend_from_slice(&20u16.to_le_bytes()); // version made by
    out.extend_from_slice(&20u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&8u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0x21u16.to_le_bytes());
    out.extend_from_slice(&crc.to_le_bytes());
    out.extend_from_slice(&csize.to_le_bytes());
    out.extend_from_slice(&usize_.to_le_bytes());
    out.extend_from_slice(&(name.len() as u16).to_le_bytes());
    out.extend_from_slice(&[0; 6]); // extra, comment, disk
    out.extend_from_slice(&[0; 6]); // internal and external attributes
    out.extend_from_slice(&0u32.to_le_bytes()); // local header offset
    out.extend_from_slice(name);
    let cd_size = out.len() as u32 - cd_offset;
    // End of central directory.
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&cd_size.to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}
