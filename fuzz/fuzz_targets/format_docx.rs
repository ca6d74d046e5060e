//! Arbitrary .docx input for `format`: raw bytes (zip parsing) or, with the first byte odd,
//! arbitrary XML as one part of an otherwise valid package — the document, its numbering or
//! its styles, by the second byte — read by the .docx reader and formatted. Never a panic,
//! never unbounded memory; what is written is well-formed XML in schema order.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

const DOCUMENT: &str = r#"<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:pStyle w:val="H"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>基本情况</w:t></w:r></w:p><w:p><w:r><w:t>一是甲,乙。三是丙。</w:t></w:r></w:p></w:body></w:document>"#;
const NUMBERING: &str = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
const STYLES: &str = r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:styleId="H"><w:name w:val="heading 1"/><w:basedOn w:val="H"/></w:style></w:styles>"#;

fn package(which: u8, xml: &[u8]) -> Vec<u8> {
    let mut parts = [("word/document.xml", DOCUMENT.as_bytes()), ("word/numbering.xml", NUMBERING.as_bytes()), ("word/styles.xml", STYLES.as_bytes())];
    parts[usize::from(which % 3)].1 = xml;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fuzz_target!(|data: &[u8]| {
    let bytes = match data {
        [first, which, rest @ ..] if first % 2 == 1 => package(*which, rest),
        _ => data.to_vec(),
    };
    let Ok(raw) = gongwen::readers::docx::read(&bytes) else { return };
    if let Ok(done) = gongwen::format::format(raw) {
        let problems = gongwen::inspect::soundness(&done.docx).expect("our own package opens");
        assert!(problems.is_empty(), "{problems:?}");
    }
});
