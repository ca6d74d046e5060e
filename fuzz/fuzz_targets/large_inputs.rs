//! Inputs up to the limits, built from a recipe: slowness or memory blow-up shows as a
//! timeout or an out-of-memory (run with -timeout=2 -rss_limit_mb=256), which raw bytes of
//! at most 64 KB never reach.
//!
//! First byte even: a valid answers file whose text fields are blown up to thousands of
//! characters of placeholder-dense, Chinese or punctuation text and whose lists grow to 200
//! items, rendered (a clear error is fine when a limit is passed). Odd: a .docx with many
//! and nested paragraphs, tables, runs and footer references, read, dumped and checked.
#![no_main]

use std::io::Write;

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const ANSWERS: &str = include_str!("../../fixtures/baiyun-zhen.json");

/// Pieces texts are made of: blanks of every kind, Chinese, punctuation, Latin words.
const PIECES: &[&str] = &[
    "XX，", "某某", "○○", "【单位】", "20XX年", "X月X日", "××", "___", "＿＿", "XXL", "镇党委", "发展党员工作",
    "的报告", "关于", "2026年度", "，", "。", "、", "；", "——", "……", "（", "）", "《", "》", "ABC2026", " ", "\n",
    "【", "】", "QQ 12345678", "会员", "一是", "（一）",
];

/// A text of pieces repeated: up to about 25,000 characters (past the 20,000 limit now and
/// then, to reach the refusal too).
fn text(u: &mut Unstructured) -> Result<String> {
    let mut out = String::new();
    for _ in 0..u.int_in_range(1..=8)? {
        let piece = *u.choose(PIECES)?;
        let times = u.int_in_range(1..=4_000usize)?;
        if out.chars().count() + piece.chars().count() * times > 25_000 {
            break;
        }
        out.push_str(&piece.repeat(times));
    }
    Ok(out)
}

fn answers(u: &mut Unstructured) -> Result<Vec<u8>> {
    let mut a: Value = serde_json::from_str(ANSWERS).expect("the fixture is JSON");
    for _ in 0..u.int_in_range(1..=6)? {
        let t = Value::String(text(u)?);
        match u.int_in_range(0..=6)? {
            0 => a["报告标题"] = t,
            1 => a["乡镇名称"] = t,
            2 => a["基本情况"]["概述"] = t,
            3 => a["存在问题"]["引言"] = t,
            4 | 5 => {
                let list = if u.arbitrary()? { "主要做法" } else { "对策建议" };
                let items = u.int_in_range(1..=200usize)?;
                let item = serde_json::json!({ "标题": text(u)?.chars().take(200).collect::<String>(), "内容": t });
                a[list] = Value::Array(vec![item; items]);
            }
            _ => {
                let items = u.int_in_range(1..=200usize)?;
                a["存在问题"]["问题"] = Value::Array(vec![t; items]);
            }
        }
    }
    Ok(serde_json::to_vec(&a).expect("a value serialises"))
}

/// A paragraph's runs: text pieces, some runs nested in others.
fn paragraph(u: &mut Unstructured, out: &mut String) -> Result<()> {
    out.push_str(r#"<w:p><w:pPr><w:jc w:val="both"/></w:pPr>"#);
    for _ in 0..u.int_in_range(0..=3)? {
        let nest = u.int_in_range(1..=3)?;
        out.push_str(&"<w:r>".repeat(nest));
        out.push_str("<w:t>");
        out.push_str(&u.choose(PIECES)?.repeat(u.int_in_range(1..=20)?).replace('<', "").replace('&', ""));
        out.push_str("</w:t>");
        out.push_str(&"</w:r>".repeat(nest));
    }
    out.push_str("</w:p>");
    Ok(())
}

fn document(u: &mut Unstructured) -> Result<Vec<u8>> {
    let mut body = String::new();
    for _ in 0..u.int_in_range(1..=4)? {
        match u.int_in_range(0..=3)? {
            // Many paragraphs, up to the 50,000 limit (and a little past it).
            0 => {
                for _ in 0..u.int_in_range(1..=52_000)? {
                    paragraph(u, &mut body)?;
                }
            }
            // Paragraphs nested up to the XML depth limit, each with text.
            1 => {
                let depth = u.int_in_range(1..=250)?;
                for _ in 0..u.int_in_range(1..=100)? {
                    for _ in 0..depth {
                        body.push_str("<w:p><w:r><w:t>残留XX，一是</w:t></w:r>");
                    }
                    body.push_str(&"</w:p>".repeat(depth));
                }
            }
            // Tables nested in tables.
            2 => {
                let depth = u.int_in_range(1..=60)?;
                body.push_str(&"<w:tbl><w:tr><w:tc>".repeat(depth));
                paragraph(u, &mut body)?;
                body.push_str(&"</w:tc></w:tr></w:tbl>".repeat(depth));
            }
            // Empty paragraphs in bulk.
            _ => body.push_str(&"<w:p/>".repeat(u.int_in_range(1..=600_000)?)),
        }
    }
    let refs = r#"<w:footerReference w:type="default" r:id="rF"/>"#.repeat(u.int_in_range(0..=40)?);
    body.push_str(&format!(r#"<w:sectPr>{refs}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#));
    let footer_text = "— 1 —XX".repeat(u.int_in_range(1..=20_000)?);
    let parts = [
        ("word/document.xml", format!(r#"<w:document xmlns:w="w" xmlns:r="r"><w:body>{body}</w:body></w:document>"#)),
        ("word/_rels/document.xml.rels", r#"<Relationships><Relationship Id="rF" Type="footer" Target="footer1.xml"/></Relationships>"#.into()),
        ("word/footer1.xml", format!(r#"<w:ftr xmlns:w="w"><w:p><w:r><w:t>{footer_text}</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r></w:p></w:ftr>"#)),
        ("word/styles.xml", r#"<w:styles xmlns:w="w"><w:style w:type="paragraph" w:default="1" w:styleId="N"><w:basedOn w:val="N"/></w:style></w:styles>"#.into()),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, xml) in parts {
        zip.start_file(name, opts).expect("zip entry");
        zip.write_all(xml.as_bytes()).expect("zip write");
    }
    Ok(zip.finish().expect("zip").into_inner())
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(docx_mode) = u.arbitrary::<bool>() else { return };
    if !docx_mode {
        let Ok(json) = answers(&mut u) else { return };
        if let Ok(report) = gongwen::render::render_bytes(&json, "fuzz.json", &Default::default()) {
            let problems = gongwen::inspect::soundness(&report.docx).expect("our own output opens");
            assert!(problems.is_empty(), "{problems:?}");
        }
    } else {
        let Ok(bytes) = document(&mut u) else { return };
        if let Ok(docx) = gongwen::inspect::read(&bytes) {
            let _ = gongwen::inspect::outline::dump(&docx);
            let _ = gongwen::check::check(&docx, &gongwen::check::CheckOptions::default());
        }
    }
});
