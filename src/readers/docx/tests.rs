//! The .docx reader on small packages written here part by part, as Word lays them out.

use std::io::{Cursor, Write};

use super::*;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

const STYLES: &str = r#"<w:styles xmlns:w="w">
  <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
  <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style>
</w:styles>"#;

const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:pStyle w:val="2"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl></w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
  <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
  <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
  <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
  <Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>
  <Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.invalid/" TargetMode="External"/>
</Relationships>"#;

fn run(t: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#)
}

fn para(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

/// A package: document.xml with `body`, and the parts above.
pub fn package(body: &str) -> Vec<u8> {
    let doc = format!(r#"<w:document {W}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/><w:footerReference w:type="first" r:id="rId5"/></w:sectPr></w:body></w:document>"#);
    let header = format!(r#"<w:hdr {W}>{}<w:p><w:r><w:pict><v:shape xmlns:v="v"><v:textpath string="仅供学习 禁止外传"/></v:shape></w:pict></w:r></w:p></w:hdr>"#, para("", &run("某某文库整理")));
    let footer = format!(
        r#"<w:ftr {W}><w:p><w:r><w:t>— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> —</w:t></w:r></w:p></w:ftr>"#
    );
    let comments = format!(r#"<w:comments {W}><w:comment w:id="7"><w:p>{}</w:p></w:comment></w:comments>"#, run("数字再核实"));
    let entries: Vec<(&str, String)> = vec![
        ("word/document.xml", doc),
        ("word/styles.xml", STYLES.into()),
        ("word/numbering.xml", NUMBERING.into()),
        ("word/comments.xml", comments),
        ("word/header1.xml", header),
        ("word/footer1.xml", footer),
        ("word/_rels/document.xml.rels", RELS.into()),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in entries {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn paragraphs(doc: &RawDocument) -> Vec<&RawParagraph> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            RawBlock::Paragraph(p) => Some(p),
            RawBlock::Table(_) => None,
        })
        .collect()
}

fn body() -> String {
    [
        para(r#"<w:pStyle w:val="Title"/>"#, &run("关于某项工作的报告")),
        para("", ""),
        para(r#"<w:pStyle w:val="1"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#, &run("基本情况")),
        para(r#"<w:pStyle w:val="2"/>"#, &run("组织建设")),
        para(r#"<w:pStyle w:val="2"/>"#, &(run("制度建设") + r#"<w:r><w:drawing><pic:pic xmlns:pic="p"/></w:drawing></w:r>"#)),
        para(r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#, &(run("主要做法") + r#"<w:r><w:commentReference w:id="7"/></w:r>"#)),
        para(r#"<w:outlineLvl w:val="2"/>"#, &run("大纲级别三")),
        para(r#"<w:pStyle w:val="1"/><w:outlineLvl w:val="9"/>"#, &run("改成正文的标题样式")),
        para(r#"<w:numPr><w:numId w:val="2"/></w:numPr>"#, &run("列表项")),
        format!(
            "<w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc>{}{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>",
            para("", &run("年份")),
            para("", &run("（单位：名）")),
            para("", &run("人数")),
            para("", &run("2025")),
        ),
        format!(r#"<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt>"#, para(r#"<w:jc w:val="right"/>"#, &run("某某镇人民政府"))),
    ]
    .concat()
}

#[test]
fn a_word_report_reads_into_paragraphs_tables_hints_and_notes() {
    let doc = read(&package(&body())).unwrap();
    let ps = paragraphs(&doc);
    let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        ["关于某项工作的报告", "", "一、基本情况", "（一）组织建设", "（二）制度建设", "二、主要做法", "大纲级别三", "改成正文的标题样式", "列表项", "某某镇人民政府", "某某文库整理", "", "—  —"]
    );
    let hints: Vec<Option<Hint>> = ps.iter().map(|p| p.hint).collect();
    assert_eq!(hints[..9], [Some(Hint::Title), None, Some(Hint::Heading(1)), Some(Hint::Heading(2)), Some(Hint::Heading(2)), None, Some(Hint::Heading(3)), None, Some(Hint::ListItem { ordered: false })]);
    assert_eq!(ps[0].align, Some(Align::Center));
    assert_eq!(ps[9].align, Some(Align::Right));
    // Paragraphs are counted in their part, table cells included.
    assert_eq!(ps[5].at, Location { part: Some("word/document.xml".into()), index: 6 });
    assert_eq!(ps[9].at.index, 15);
    assert_eq!(ps[10].at, Location { part: Some("word/header1.xml".into()), index: 1 });
    assert_eq!(ps[12].at.part.as_deref(), Some("word/footer1.xml"), "the footer named twice is read once");
    assert_eq!(ps.len(), 13);

    let RawBlock::Table(table) = &doc.blocks[9] else { panic!("{:?}", doc.blocks[9]) };
    assert_eq!(table.rows, [vec!["年份\n（单位：名）", "人数"], vec!["2025", ""]]);
    assert_eq!(table.at.index, 10);

    let notes: Vec<String> = doc.notes.iter().map(|n| format!("{}：{}", n.at, n.what)).collect();
    assert_eq!(
        notes,
        [
            "word/document.xml 第 5 段：图片",
            "word/document.xml 第 6 段：批注「数字再核实」",
            "word/document.xml 第 9 段：项目符号（公文不用项目符号，未保留）",
            "word/header1.xml 第 2 段：水印或艺术字「仅供学习 禁止外传」",
        ]
    );
}

#[test]
fn a_package_that_is_not_a_report_is_refused_with_a_reason() {
    assert!(matches!(read(b"not a zip"), Err(ReadError::NotZip(_))));
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(format!("<w:document {W}><w:p/></w:document>").as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert_eq!(read(&bytes).unwrap_err(), ReadError::MissingPart("w:body".into()));
    let broken = package("<w:p><w:r><w:t>未闭合</w:r></w:p>");
    assert!(matches!(read(&broken), Err(ReadError::BadPart { part, .. }) if part == "word/document.xml"));
}

#[test]
fn too_many_paragraphs_are_refused() {
    let body = "<w:p/>".repeat(MAX_DOCX_PARAGRAPHS + 1);
    let err = read(&package(&body)).unwrap_err();
    assert!(err.to_string().contains("超过上限"), "{err}");
}

/// Hostile parts: a numbering pattern of 100,000 characters, insertions nested 200 deep,
/// paragraphs nested in a paragraph, fields opened and never closed, symbols outside
/// Unicode. Each is read in one walk, bounded, without a panic.
#[test]
fn hostile_parts_stay_bounded() {
    let long = "%1".repeat(50_000);
    let numbering = NUMBERING.replace(r#"<w:lvlText w:val="%1、"/>"#, &format!(r#"<w:lvlText w:val="{long}"/>"#));
    let root = xml::parse(&numbering).unwrap();
    let mut n = Numbering::new(Some(&root));
    let Some(Shown::Text(shown)) = n.next("1", 0) else { panic!() };
    assert_eq!(shown, "一".repeat(32), "the pattern is cut at 64 characters");

    let nested_ins = format!("{}<w:r><w:t>深处</w:t></w:r>{}", "<w:ins>".repeat(200), "</w:ins>".repeat(200));
    let nested_p = format!("{}<w:r><w:t>里</w:t></w:r>{}", "<w:p>".repeat(100), "</w:p>".repeat(100));
    let fields = r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#.repeat(10_000);
    let body = [
        para("", &nested_ins),
        format!("<w:p>{}{}</w:p>", run("外"), nested_p),
        para("", &(fields + &run("字段里"))),
        para("", r#"<w:r><w:sym w:char="FFFFFFFF"/><w:sym w:char="D800"/><w:sym w:char="0007"/></w:r>"#),
    ]
    .concat();
    let doc = read(&package(&body)).unwrap();
    let ps = paragraphs(&doc);
    assert_eq!(ps[0].text, "深处");
    assert_eq!(ps[1].text, "外", "a nested paragraph is listed, not read into its parent");
    assert_eq!(ps[2].text, "字段里");
    assert_eq!(ps[3].text, "");
    let notes: Vec<&str> = doc.notes.iter().filter(|n| n.at.part.as_deref() == Some("word/document.xml")).map(|n| n.what.as_str()).collect();
    assert_eq!(notes.iter().filter(|w| w.starts_with("修订中插入")).count(), 1, "{notes:?}");
    assert!(notes.contains(&"段落中嵌套的段落「里」"), "{notes:?}");
    assert_eq!(notes.iter().filter(|w| w.starts_with("符号字体中的符号")).count(), 3, "{notes:?}");
}
