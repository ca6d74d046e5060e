//! Arbitrary .docx input for `dump`/`check`: raw bytes (zip parsing) and, with the first
//! byte odd, arbitrary XML as word/document.xml inside a valid package (XML parsing and
//! style resolution). Never a panic, never unbounded memory (the limits refuse).
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fn package_with_document(xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", opts).unwrap();
    zip.write_all(xml).unwrap();
    zip.start_file("word/styles.xml", opts).unwrap();
    zip.write_all(br#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:default="1" w:styleId="N"><w:basedOn w:val="N"/></w:style></w:styles>"#).unwrap();
    zip.finish().unwrap().into_inner()
}

fuzz_target!(|data: &[u8]| {
    let bytes = match data.split_first() {
        Some((first, rest)) if first % 2 == 1 => package_with_document(rest),
        _ => data.to_vec(),
    };
    if let Ok(docx) = gongwen::inspect::read(&bytes) {
        let _ = gongwen::inspect::outline::dump(&docx);
        let _ = gongwen::check::check(&docx, &gongwen::check::CheckOptions::default());
    }
    let _ = gongwen::inspect::soundness(&bytes);
});
