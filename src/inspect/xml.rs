//! A tiny owned XML tree for reading WordprocessingML parts.
//!
//! Word, WPS and LibreOffice all write the main namespace with the `w:` prefix, so names
//! are kept as written (`w:p`, `w:val`). Building uses an explicit stack (no recursion)
//! and refuses nesting deeper than [`MAX_XML_DEPTH`], so hostile parts cannot overflow the
//! stack either while parsing or while the tree is dropped.
//!
//! Memory is bounded by the input too: every element, attribute and text node is counted
//! against a budget ([`MAX_XML_NODES`] for a whole package, shared by its parts), so a few
//! MB of compressed `<w:p/>` cannot become gigabytes of tree, and an element may carry at
//! most [`MAX_XML_ATTRIBUTES`] attributes (quick-xml's duplicate check compares each
//! attribute with those before it, and lookups scan them).

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::cause;
use crate::limits::{MAX_XML_ATTRIBUTES, MAX_XML_DEPTH, MAX_XML_NODES};

/// An element with its attributes and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// An attribute's value by qualified name (`w:val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Child elements.
    pub fn elements(&self) -> impl DoubleEndedIterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// `w:val` of a child element (`<w:jc w:val="center"/>` → `center`).
    pub fn child_val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("w:val"))
    }

    /// All descendants with this name, in document order (iterative walk).
    pub fn descendants<'a>(&'a self, name: &'a str) -> Vec<&'a Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = vec![self];
        while let Some(e) = stack.pop() {
            stack.extend(e.elements().rev());
            if e.name == name && !std::ptr::eq(e, self) {
                out.push(e);
            }
        }
        out
    }

    /// The element's own text: its text children, not those of elements inside it. A
    /// `w:t` holds only text; a hostile one holding whole paragraphs must not have their
    /// text copied once more for every level it is nested in.
    pub fn own_text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                out.push_str(t);
            }
        }
        out
    }

    /// Concatenated text of all descendant text nodes.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut stack: Vec<&Node> = self.children.iter().rev().collect();
        while let Some(n) = stack.pop() {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => stack.extend(e.children.iter().rev()),
            }
        }
        out
    }
}

impl Drop for Element {
    /// Drops deep trees without recursion.
    fn drop(&mut self) {
        let mut stack: Vec<Node> = std::mem::take(&mut self.children);
        while let Some(n) = stack.pop() {
            if let Node::Element(mut e) = n {
                stack.append(&mut e.children);
            }
        }
    }
}

fn start(e: &BytesStart, budget: &mut usize) -> Result<Element, String> {
    let name = e.name().as_ref().to_string();
    spend(budget)?;
    let mut attrs = Vec::new();
    for a in e.attributes() {
        if attrs.len() == MAX_XML_ATTRIBUTES {
            return Err(format!("元素 <{name}> 的属性超过上限 {MAX_XML_ATTRIBUTES} 个"));
        }
        spend(budget)?;
        let a = a.map_err(|e| cause::attr(&e))?;
        let key = a.key.as_ref().to_string();
        let value = a.normalized_value(XmlVersion::Implicit1_0).map_err(|e| cause::xml(&e))?.into_owned();
        attrs.push((key, value));
    }
    Ok(Element { name, attrs, children: Vec::new() })
}

/// Counts one node against the budget.
fn spend(budget: &mut usize) -> Result<(), String> {
    *budget = budget.checked_sub(1).ok_or_else(|| format!("元素、属性和文字超过上限 {MAX_XML_NODES} 个"))?;
    Ok(())
}

/// Parses an XML document into its root element, with a budget of [`MAX_XML_NODES`].
pub fn parse(xml: &str) -> Result<Element, String> {
    parse_counted(xml, &mut MAX_XML_NODES.clone())
}

/// Parses an XML document into its root element, counting each element, attribute and
/// text node against `budget` (what is left is left in it for the package's next part).
pub fn parse_counted(xml: &str, budget: &mut usize) -> Result<Element, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element { name: "#document".into(), attrs: Vec::new(), children: Vec::new() }];
    loop {
        let event = reader.read_event().map_err(|e| format!("XML 格式错误（位置 {}）：{}", reader.error_position(), cause::xml(&e)))?;
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_XML_DEPTH {
                    return Err(format!("XML 嵌套超过 {MAX_XML_DEPTH} 层"));
                }
                stack.push(start(&e, budget)?);
            }
            Event::Empty(e) => {
                let el = start(&e, budget)?;
                stack.last_mut().expect("document root").children.push(Node::Element(el));
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err("XML 结束标记多余".into());
                }
                let mut el = stack.pop().expect("checked");
                // Growth by doubling leaves up to half of each list unused: a tree of many
                // small elements would take twice the memory it needs.
                el.children.shrink_to_fit();
                stack.last_mut().expect("document root").children.push(Node::Element(el));
            }
            Event::Text(t) => {
                let s = t.xml10_content().into_owned();
                push_text(stack.last_mut().expect("document root"), s, budget)?;
            }
            Event::CData(t) => {
                let s = t.xml10_content().into_owned();
                push_text(stack.last_mut().expect("document root"), s, budget)?;
            }
            Event::GeneralRef(r) => {
                // Since quick-xml 0.38 entity references arrive on their own. Without a DTD
                // only the predefined entities exist: any other is an error (as in Word),
                // not silently empty text.
                let position = reader.buffer_position();
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Err(e) => return Err(format!("XML 格式错误（位置 {position}）：{}", cause::xml(&e))),
                    Ok(None) => {
                        let name = r.xml10_content();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(text) => text.to_string(),
                            None => return Err(format!("XML 格式错误（位置 {position}）：{}", cause::unknown_entity(&name))),
                        }
                    }
                };
                push_text(stack.last_mut().expect("document root"), s, budget)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err("XML 没有正常结束（缺少结束标记）".into());
    }
    let mut doc = stack.pop().expect("document root");
    let root = doc.children.drain(..).find_map(|n| match n {
        Node::Element(e) => Some(e),
        Node::Text(_) => None,
    });
    root.ok_or_else(|| "XML 没有根元素".to_string())
}

/// Appends text, merging with a preceding text node (entity references split text).
fn push_text(parent: &mut Element, s: String, budget: &mut usize) -> Result<(), String> {
    if let Some(Node::Text(prev)) = parent.children.last_mut() {
        prev.push_str(&s);
    } else {
        spend(budget)?;
        parent.children.push(Node::Text(s));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_entities_and_attributes() {
        let root = parse(r#"<w:document xmlns:w="x"><w:p><w:r><w:t>甲 &amp; 乙 &#x3C;</w:t></w:r><w:jc w:val="a&quot;b"/></w:p></w:document>"#).unwrap();
        assert_eq!(root.name, "w:document");
        let p = &root.descendants("w:p")[0];
        assert_eq!(p.text(), "甲 & 乙 <");
        assert_eq!(p.child_val("w:jc"), Some("a\"b"));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_crash() {
        let xml = "<a>".repeat(100_000);
        assert!(parse(&xml).unwrap_err().contains("嵌套"));
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("<a>").is_err());
    }

    #[test]
    fn elements_attributes_and_text_are_counted_against_one_budget() {
        // 23 million empty paragraphs once took 7.4 GB: now the count stops the parse.
        let xml = format!("<a>{}</a>", "<p/>".repeat(MAX_XML_NODES));
        assert!(parse(&xml).unwrap_err().contains("超过上限"));
        let mut budget = 10;
        assert!(parse_counted(r#"<a x="1"><b/>文字<c/></a>"#, &mut budget).is_ok());
        assert_eq!(budget, 5, "a, x, b, the text and c");
        assert!(parse_counted("<a><b/><b/><b/><b/><b/><b/></a>", &mut budget).is_err());
        let attrs: String = (0..=MAX_XML_ATTRIBUTES).map(|i| format!(" a{i}=\"\"")).collect();
        assert!(parse(&format!("<a{attrs}/>")).unwrap_err().contains("属性"));
    }

    #[test]
    fn own_text_leaves_out_nested_elements() {
        let root = parse("<t>甲<x>乙</x>丙</t>").unwrap();
        assert_eq!(root.own_text(), "甲丙");
        assert_eq!(root.text(), "甲乙丙");
    }
}
