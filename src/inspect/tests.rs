//! Reading hostile packages within the documented limits: memory and work stay linear.

use std::io::{Cursor, Write};

use super::*;
use crate::limits::{MAX_DOCX_PARAGRAPHS, MAX_FOOTER_REFERENCES, MAX_XML_DEPTH, MAX_XML_NODES};

const NS: &str = r#"xmlns:w="w" xmlns:r="r""#;

/// A package with this body and footer part, stored (not deflated, so that large parts are
/// not refused for their compression ratio).
fn package(body: &str, footer: &str) -> Vec<u8> {
    let parts = [
        ("word/document.xml", format!("<w:document {NS}><w:body>{body}</w:body></w:document>")),
        (
            "word/_rels/document.xml.rels",
            r#"<Relationships><Relationship Id="rF" Type="footer" Target="footer1.xml"/></Relationships>"#.to_string(),
        ),
        ("word/footer1.xml", format!("<w:ftr {NS}>{footer}</w:ftr>")),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, xml) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn footer_refs(n: usize) -> String {
    format!("<w:sectPr>{}</w:sectPr>", r#"<w:footerReference w:type="default" r:id="rF"/>"#.repeat(n))
}

/// A tower of paragraphs nested as deep as the XML depth limit allows, each level with
/// its own text: every level's text is read once, in its own paragraph (it was copied into
/// every paragraph around it: a 38 KB file took a gigabyte).
#[test]
fn nested_paragraphs_keep_their_own_text() {
    let depth = MAX_XML_DEPTH - 8;
    let level = |i: usize| format!("第{i}层");
    let body: String = (0..depth).map(|i| format!("<w:p><w:r><w:t>{}</w:t></w:r>", level(i))).collect::<String>() + &"</w:p>".repeat(depth);
    let docx = read(&package(&body, "")).unwrap();
    assert_eq!(docx.paragraphs.len(), depth);
    for (i, p) in docx.paragraphs.iter().enumerate() {
        assert_eq!(p.text, level(i));
    }
    // A w:t holding paragraphs of its own gives only its own text too.
    let body = r#"<w:p><w:r><w:t>外<w:p><w:r><w:t>内</w:t></w:r></w:p></w:t></w:r></w:p>"#;
    let texts: Vec<String> = read(&package(body, "")).unwrap().paragraphs.into_iter().map(|p| p.text).collect();
    assert_eq!(texts, ["外", "内"]);
}

#[test]
fn the_first_printing_run_gives_the_font_even_when_runs_nest() {
    let body = r#"<w:p><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:r><w:r><w:rPr><w:rFonts w:eastAsia="仿宋"/></w:rPr><w:r><w:t>正文</w:t></w:r></w:r></w:p>"#;
    let docx = read(&package(body, "")).unwrap();
    assert_eq!(docx.paragraphs[0].east_asia_font.as_deref(), Some("仿宋"));
}

/// 23 million empty paragraphs in a 2 MB file once took 7.4 GB: the paragraphs and the XML
/// nodes are counted, and more than the limits is refused.
#[test]
fn too_many_paragraphs_or_nodes_are_refused() {
    let err = read(&package(&"<w:p/>".repeat(MAX_DOCX_PARAGRAPHS + 1), "")).unwrap_err();
    assert!(err.to_string().contains("段，超过上限"), "{err}");
    assert!(read(&package(&"<w:p/>".repeat(MAX_DOCX_PARAGRAPHS), "")).is_ok());
    let err = read(&package(&"<w:x/>".repeat(MAX_XML_NODES), "")).unwrap_err();
    assert!(err.to_string().contains(&format!("超过上限 {MAX_XML_NODES} 个")), "{err}");
}

/// Every footer reference parsed its part again: an 8 KB file took a gigabyte. A footer
/// part of a third of the node budget, referenced the most times allowed, is parsed once;
/// more references than that are refused.
#[test]
fn a_footer_part_is_parsed_once_and_references_are_capped() {
    let footer = format!("<w:p><w:r><w:t>第页</w:t></w:r>{}</w:p>", "<w:r/>".repeat(MAX_XML_NODES / 3));
    let docx = read(&package(&footer_refs(MAX_FOOTER_REFERENCES), &footer)).unwrap();
    assert_eq!(docx.layout.footers.len(), MAX_FOOTER_REFERENCES);
    assert!(docx.layout.footers.iter().all(|f| f.text == "第页"));
    let err = read(&package(&footer_refs(MAX_FOOTER_REFERENCES + 1), "")).unwrap_err();
    assert!(err.to_string().contains("页脚引用"), "{err}");
}

/// Every paragraph consults its style: a style with a hundred thousand children was
/// scanned once per paragraph. The compact copy keeps what paragraphs look up.
#[test]
fn styles_keep_only_what_paragraphs_consult() {
    let style = format!(
        r#"<w:style w:type="paragraph" w:styleId="a" w:default="1">{}<w:pPr><w:jc w:val="center"/>{}<w:jc w:val="left"/></w:pPr><w:basedOn w:val="b"/></w:style>"#,
        "<w:x/>".repeat(100_000),
        "<w:y/>".repeat(1_000)
    );
    let root = xml::parse(&format!("<w:styles {NS}>{style}</w:styles>")).unwrap();
    let styles = Styles::new(Some(root));
    let a = &styles.by_id["a"];
    assert_eq!(a.children.len(), 2, "{a:?}");
    assert_eq!(a.child("w:pPr").unwrap().children.len(), 1);
    assert_eq!(a.child("w:pPr").unwrap().child_val("w:jc"), Some("center"));
    assert_eq!(a.child_val("w:basedOn"), Some("b"));
}
