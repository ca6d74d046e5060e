//! A Word paragraph's text as printed, and what in it cannot be carried as text.
//!
//! Text comes from runs (`w:t`), tabs, line breaks, symbols and the results of fields;
//! tracked insertions are taken as accepted and tracked deletions as carried out (the text
//! a reader of the final document sees), each listed. Images, text boxes, charts, embedded
//! objects, formulas, footnotes, endnotes, comments, hidden text and ruby annotations are
//! not text of the report: each is listed with a short preview so the clerk can find it.
//! Page-number fields (PAGE, NUMPAGES) print a number that belongs to the page, not to the
//! text, and are left out.
//!
//! One iterative walk per paragraph; a `w:p` nested inside another (only hostile files
//! do that outside text boxes) is listed, not walked, so no text is read twice.

use std::collections::HashMap;

use crate::inspect::xml::Element;

/// The longest preview of uncarried text shown in a note, in characters.
const PREVIEW_CHARS: usize = 30;

/// Text of notes, footnotes and comments by `w:id`, for the notes that name them.
#[derive(Debug, Default)]
pub struct Annotations {
    pub footnotes: HashMap<String, String>,
    pub endnotes: HashMap<String, String>,
    pub comments: HashMap<String, String>,
}

impl Annotations {
    /// `w:id` → text of each `w:footnote`, `w:endnote` or `w:comment` child of `root`.
    pub fn collect(root: Option<&Element>, name: &str) -> HashMap<String, String> {
        let mut out = HashMap::new();
        let Some(root) = root else { return out };
        for e in root.elements().filter(|e| e.name == name) {
            let Some(id) = e.attr("w:id") else { continue };
            let text: Vec<String> = e.elements().filter(|p| p.name == "w:p").map(|p| walk(p, &Annotations::default()).text).collect();
            out.entry(id.to_string()).or_insert_with(|| text.join(" ").trim().to_string());
        }
        out
    }
}

/// A paragraph's printed text and the notes about what it could not carry.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Walked {
    pub text: String,
    pub notes: Vec<String>,
}

/// `「甲乙丙…」` of at most [`PREVIEW_CHARS`] characters.
pub fn preview(text: &str) -> String {
    let text = text.trim();
    let mut out: String = text.chars().take(PREVIEW_CHARS).collect();
    if text.chars().nth(PREVIEW_CHARS).is_some() {
        out.push('…');
    }
    out
}

fn quoted(what: &str, text: &str) -> String {
    let p = preview(text);
    if p.is_empty() {
        what.to_string()
    } else {
        format!("{what}「{p}」")
    }
}

/// The first characters of the text (`w:t`, `w:delText`, `m:t`) inside `e`, for a note: the
/// walk stops once a preview is full, and paragraphs inside are separated by a space.
fn preview_text(e: &Element) -> String {
    let mut out = String::new();
    let mut count = 0;
    let mut stack: Vec<&Element> = vec![e];
    while let Some(e) = stack.pop() {
        match e.name.as_str() {
            "w:t" | "w:delText" | "m:t" => {
                let t = e.own_text();
                count += t.chars().count();
                out.push_str(&t);
                if count > PREVIEW_CHARS {
                    break;
                }
            }
            "w:instrText" | "w:pPr" | "w:rPr" => {}
            name => {
                if name == "w:p" && !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                stack.extend(e.elements().rev());
            }
        }
    }
    out
}

/// An image, text box, chart or object (`w:drawing`, `w:pict`, `w:object`,
/// `mc:AlternateContent`), described.
fn drawing(e: &Element) -> String {
    // A watermark (Word's 水印 is WordArt in the header): its text is an attribute.
    if let Some(s) = e.descendants("v:textpath").iter().find_map(|t| t.attr("string")) {
        return quoted("水印或艺术字", s);
    }
    if let Some(tb) = e.descendants("w:txbxContent").first() {
        return quoted("文本框", &preview_text(tb));
    }
    let has = |name: &str| !e.descendants(name).is_empty();
    if has("c:chart") {
        "图表".into()
    } else if e.name == "w:object" || has("o:OLEObject") {
        "嵌入的对象".into()
    } else if has("pic:pic") || has("v:imagedata") || has("a:blip") {
        "图片".into()
    } else {
        "图形".into()
    }
}

fn is_on(e: &Element) -> bool {
    !matches!(e.attr("w:val"), Some("0" | "false" | "off"))
}

/// True for a field that prints the page's number (PAGE, NUMPAGES, SECTIONPAGES).
fn is_page_field(instr: &str) -> bool {
    let first = instr.split_whitespace().next().unwrap_or("").to_uppercase();
    matches!(first.as_str(), "PAGE" | "NUMPAGES" | "SECTIONPAGES")
}

/// Deepest nesting of fields followed (Word nests a few at most).
const MAX_FIELD_DEPTH: usize = 16;

/// A field being read: `w:fldChar` begin, its instruction, separate, result, end.
struct Field {
    instr: String,
    in_result: bool,
}

/// Walks a paragraph (or a cell's paragraph, a header's): see the module's notes.
pub fn walk(p: &Element, ann: &Annotations) -> Walked {
    let mut w = Walked::default();
    let mut fields: Vec<Field> = Vec::new();
    // A page-number field's result is not text of the report.
    let hidden_result = |fields: &[Field]| fields.iter().any(|f| f.in_result && is_page_field(&f.instr));
    // Each element with whether it is inside a tracked insertion already (listed once, by
    // the outermost: previewing every nested one again would read the text once per level).
    let mut stack: Vec<(&Element, bool)> = p.elements().rev().map(|e| (e, false)).collect();
    while let Some((e, inserted)) = stack.pop() {
        match e.name.as_str() {
            "w:t" => {
                if !hidden_result(&fields) {
                    w.text.push_str(&e.own_text());
                }
            }
            "w:tab" | "w:ptab" => w.text.push('\t'),
            "w:br" => match e.attr("w:type") {
                Some("page" | "column") => {}
                _ => w.text.push('\n'),
            },
            "w:cr" => w.text.push('\n'),
            "w:noBreakHyphen" => w.text.push('-'),
            "w:sym" => match e.attr("w:char").and_then(|c| u32::from_str_radix(c.trim(), 16).ok()).and_then(char::from_u32) {
                // Symbol fonts map their glyphs to the private use area F000–F0FF: the
                // character there means nothing outside that font.
                Some(c) if !('\u{F000}'..='\u{F0FF}').contains(&c) && !c.is_control() => w.text.push(c),
                _ => w.notes.push(format!("符号字体中的符号（{}，字符 {}）", e.attr("w:font").unwrap_or("？"), e.attr("w:char").unwrap_or("？"))),
            },
            "w:fldChar" => match e.attr("w:fldCharType") {
                Some("begin") if fields.len() < MAX_FIELD_DEPTH => fields.push(Field { instr: String::new(), in_result: false }),
                Some("separate") => {
                    if let Some(f) = fields.last_mut() {
                        f.in_result = true;
                    }
                }
                Some("end") => {
                    fields.pop();
                }
                _ => {}
            },
            "w:instrText" => {
                if let Some(f) = fields.last_mut().filter(|f| !f.in_result && f.instr.len() < 256) {
                    f.instr.push_str(&e.own_text());
                }
            }
            "w:fldSimple" => {
                if !e.attr("w:instr").is_some_and(is_page_field) {
                    stack.extend(e.elements().rev().map(|c| (c, inserted)));
                }
            }
            "w:r" if e.child("w:rPr").and_then(|r| r.child("w:vanish")).is_some_and(is_on) => {
                let t = preview_text(e);
                if !t.trim().is_empty() {
                    w.notes.push(quoted("隐藏文字（未保留）", &t));
                }
            }
            "w:del" | "w:moveFrom" => w.notes.push(quoted("修订中删除的文字（按接受修订处理，未保留）", &preview_text(e))),
            "w:ins" | "w:moveTo" => {
                if !inserted {
                    w.notes.push(quoted("修订中插入的文字（按接受修订处理，已保留）", &preview_text(e)));
                }
                stack.extend(e.elements().rev().map(|c| (c, true)));
            }
            "w:drawing" | "w:pict" | "w:object" | "mc:AlternateContent" => w.notes.push(drawing(e)),
            "w:footnoteReference" => w.notes.push(reference("脚注", e, &ann.footnotes)),
            "w:endnoteReference" => w.notes.push(reference("尾注", e, &ann.endnotes)),
            "w:commentReference" => w.notes.push(reference("批注", e, &ann.comments)),
            "m:oMath" | "m:oMathPara" => w.notes.push(quoted("公式", &preview_text(e))),
            "w:rt" => w.notes.push(quoted("拼音指南", &preview_text(e))),
            "w:p" => w.notes.push(quoted("段落中嵌套的段落", &preview_text(e))),
            "w:pPr" | "w:rPr" | "w:sdtPr" | "w:sdtEndPr" | "w:delText" | "w:rubyPr" => {}
            _ => stack.extend(e.elements().rev().map(|c| (c, inserted))),
        }
    }
    w
}

/// 「脚注「…」」 with the note's text looked up by `w:id`.
fn reference(what: &str, e: &Element, texts: &HashMap<String, String>) -> String {
    let text = e.attr("w:id").and_then(|id| texts.get(id)).map(String::as_str).unwrap_or("");
    quoted(what, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::xml::parse;

    fn walked(inner: &str) -> Walked {
        let xml = format!(r#"<w:p xmlns:w="w" xmlns:m="m" xmlns:mc="mc">{inner}</w:p>"#);
        let ann = Annotations {
            comments: [("0".to_string(), "这里要改".to_string())].into(),
            footnotes: [("1".to_string(), "数据来源".to_string())].into(),
            ..Default::default()
        };
        walk(&parse(&xml).unwrap(), &ann)
    }

    #[test]
    fn runs_tabs_breaks_and_symbols_in_order() {
        let w = walked(r#"<w:r><w:t>一、</w:t><w:tab/><w:t xml:space="preserve">基本 </w:t></w:r><w:hyperlink><w:r><w:t>情况</w:t><w:br/><w:t>下行</w:t><w:br w:type="page"/></w:r></w:hyperlink><w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:char="2605"/></w:r>"#);
        assert_eq!(w.text, "一、\t基本 情况\n下行★");
        assert_eq!(w.notes.len(), 1, "{:?}", w.notes);
        assert!(w.notes[0].contains("Wingdings"));
    }

    #[test]
    fn tracked_changes_are_accepted_and_listed() {
        let w = walked(r#"<w:r><w:t>发展党员</w:t></w:r><w:del><w:r><w:delText>十</w:delText></w:r></w:del><w:ins><w:r><w:t>十二</w:t></w:r></w:ins><w:r><w:t>名</w:t></w:r>"#);
        assert_eq!(w.text, "发展党员十二名");
        assert_eq!(w.notes, ["修订中删除的文字（按接受修订处理，未保留）「十」", "修订中插入的文字（按接受修订处理，已保留）「十二」"]);
    }

    #[test]
    fn what_is_not_text_is_listed_with_a_preview() {
        let w = walked(concat!(
            r#"<w:r><w:t>甲</w:t><w:drawing><pic:pic xmlns:pic="p"/></w:drawing></w:r>"#,
            r#"<w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框里的字</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框里的字</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
            r#"<w:r><w:footnoteReference w:id="1"/></w:r><w:commentRangeStart w:id="0"/><w:r><w:t>乙</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#,
            r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>看不见</w:t></w:r><m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>"#,
        ));
        assert_eq!(w.text, "甲乙");
        assert_eq!(w.notes, ["图片", "文本框「框里的字」", "脚注「数据来源」", "批注「这里要改」", "隐藏文字（未保留）「看不见」", "公式「x+1」"]);
    }

    #[test]
    fn page_number_fields_are_left_out_other_fields_keep_their_result() {
        let w = walked(concat!(
            r#"<w:r><w:t>— </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t> —</w:t></w:r>"#,
            r#"<w:fldSimple w:instr="NUMPAGES"><w:r><w:t>9</w:t></w:r></w:fldSimple><w:fldSimple w:instr="DATE"><w:r><w:t>2026年</w:t></w:r></w:fldSimple>"#,
        ));
        assert_eq!(w.text, "—  —2026年");
        assert!(w.notes.is_empty());
    }
}
