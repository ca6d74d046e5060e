//! What a paragraph's style says about its role: a Word heading style (「Heading 2」, 「标题 2」),
//! an outline level, the 「Title」 style, and the list numbering a style carries.
//!
//! A clerk marks headings in Word by picking 标题 1 … 标题 4 from the style gallery, or by a
//! style of their own based on one of those, or by giving a paragraph an outline level
//! (段落 › 大纲级别). Each style is resolved once (its `basedOn` chain walked, nearest style
//! first, cycles and chains over [`MAX_CHAIN`] cut), so a paragraph costs one lookup.

use std::collections::HashMap;

use crate::inspect::xml::Element;

/// Longest `basedOn` chain followed (Word's built-in styles go three or four deep).
const MAX_CHAIN: usize = 32;

/// What a style (with the styles it is based on) says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StyleInfo {
    /// 1 to 9, from a heading style's name (「heading 2」, 「标题 2」, id 「Heading2」).
    pub heading: Option<u8>,
    /// The 「Title」 style (「标题」).
    pub title: bool,
    /// `w:outlineLvl` 0 to 8 (9 is body text), as given in the style chain.
    pub outline: Option<u8>,
    /// List numbering from the style: `w:numId` and, when given, `w:ilvl`.
    pub num_id: Option<String>,
    pub ilvl: Option<usize>,
    /// The alignment the style gives (`w:jc`: `center`, `right`, `both`, …).
    pub jc: Option<String>,
    /// The style's own name, for notes.
    pub name: Option<String>,
}

/// The paragraph styles of a package, resolved.
#[derive(Debug, Default)]
pub struct Styles {
    resolved: HashMap<String, StyleInfo>,
    default_id: Option<String>,
}

/// Heading level from a style name or id: 「heading 3」「Heading3」「标题 3」「标题3」; the
/// Title style is level 0.
fn heading_from_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    if matches!(lower.as_str(), "title" | "标题") {
        return Some(0);
    }
    let rest = lower.strip_prefix("heading").or_else(|| lower.strip_prefix("标题"))?.trim();
    let level: u8 = rest.parse().ok()?;
    (1..=9).contains(&level).then_some(level)
}

fn outline_of(ppr: &Element) -> Option<u8> {
    ppr.child_val("w:outlineLvl").and_then(|v| v.trim().parse().ok())
}

impl Styles {
    /// Reads `styles.xml`'s root (`w:styles`); `None` (no styles part) gives no hints.
    pub fn new(root: Option<&Element>) -> Styles {
        let mut s = Styles::default();
        let Some(root) = root else { return s };
        let mut by_id: HashMap<&str, &Element> = HashMap::new();
        for st in root.elements().filter(|e| e.name == "w:style") {
            let Some(id) = st.attr("w:styleId") else { continue };
            if st.attr("w:type").is_some_and(|t| t != "paragraph") {
                continue;
            }
            if s.default_id.is_none() && matches!(st.attr("w:default"), Some("1" | "true" | "on")) {
                s.default_id = Some(id.to_string());
            }
            by_id.entry(id).or_insert(st);
        }
        for &id in by_id.keys() {
            let info = resolve(id, &by_id);
            s.resolved.insert(id.to_string(), info);
        }
        s
    }

    /// The paragraph's style (`w:pStyle`, else the default paragraph style).
    pub fn get(&self, id: Option<&str>) -> Option<&StyleInfo> {
        let id = id.or(self.default_id.as_deref())?;
        self.resolved.get(id)
    }
}

/// One style with its chain: the nearest style that says something wins for each fact.
fn resolve(id: &str, by_id: &HashMap<&str, &Element>) -> StyleInfo {
    let mut info = StyleInfo::default();
    let mut seen: Vec<&str> = Vec::new();
    let mut next = Some(id);
    let (mut heading, mut outline, mut num, mut jc) = (None, None, None, None);
    while let Some(id) = next {
        let Some(st) = by_id.get(id) else { break };
        if seen.contains(&id) || seen.len() >= MAX_CHAIN {
            break;
        }
        seen.push(id);
        let name = st.child_val("w:name");
        if info.name.is_none() {
            info.name = name.map(str::to_string);
        }
        if heading.is_none() {
            heading = name.and_then(heading_from_name).or_else(|| heading_from_name(id));
        }
        if let Some(ppr) = st.child("w:pPr") {
            outline = outline.or_else(|| outline_of(ppr));
            jc = jc.or_else(|| ppr.child_val("w:jc").map(str::to_string));
            if num.is_none() {
                num = ppr.child("w:numPr").map(|n| (n.child_val("w:numId").map(str::to_string), n.child_val("w:ilvl").and_then(|v| v.trim().parse().ok())));
            }
        }
        next = st.child_val("w:basedOn");
    }
    match heading {
        Some(0) => info.title = true,
        Some(level) => info.heading = Some(level),
        None => {}
    }
    info.outline = outline;
    if let Some((num_id, ilvl)) = num {
        info.num_id = num_id;
        info.ilvl = ilvl;
    }
    info.jc = jc;
    info
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::xml::parse;

    #[test]
    fn headings_by_name_id_chain_and_outline_level() {
        let xml = r#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
          <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:pPr><w:outlineLvl w:val="0"/><w:jc w:val="center"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="我的二级"/></w:style>
          <w:style w:type="paragraph" w:styleId="x"><w:name w:val="标题 3"/><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="mine"><w:name w:val="小标题"/><w:basedOn w:val="x"/></w:style>
          <w:style w:type="paragraph" w:styleId="lvl"><w:name w:val="大纲"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="t"><w:name w:val="Title"/></w:style>
          <w:style w:type="paragraph" w:styleId="loop1"><w:basedOn w:val="loop2"/></w:style>
          <w:style w:type="paragraph" w:styleId="loop2"><w:basedOn w:val="loop1"/></w:style>
        </w:styles>"#;
        let root = parse(xml).unwrap();
        let s = Styles::new(Some(&root));
        let h1 = s.get(Some("1")).unwrap();
        assert_eq!((h1.heading, h1.outline, h1.jc.as_deref()), (Some(1), Some(0), Some("center")));
        assert_eq!(s.get(Some("Heading2")).unwrap().heading, Some(2));
        let mine = s.get(Some("mine")).unwrap();
        assert_eq!((mine.heading, mine.num_id.as_deref(), mine.name.as_deref()), (Some(3), Some("4"), Some("小标题")));
        assert_eq!(s.get(Some("lvl")).unwrap().outline, Some(1));
        assert!(s.get(Some("t")).unwrap().title);
        assert_eq!(s.get(None).unwrap().name.as_deref(), Some("Normal"));
        assert_eq!(s.get(Some("loop1")).unwrap().heading, None);
    }
}
