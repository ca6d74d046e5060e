//! The one XML writer every part of the package goes through.
//!
//! It owns escaping: element text and attribute values are escaped (`& < > "`) and
//! characters that XML 1.0 forbids even when escaped (C0 controls other than tab, newline
//! and carriage return; U+FFFE; U+FFFF) are dropped, so that no answer text, however
//! strange, can make a part ill-formed. Characters outside the Basic Multilingual Plane
//! (𠀾) are legal XML and kept. Element names and attribute names are the writer's own
//! constants and are written as given.
//!
//! There is deliberately no method that writes unescaped text.

/// Builds one XML part in memory.
pub(crate) struct XmlWriter {
    buf: String,
}

/// An attribute list: `(name, value)` pairs written in the order given.
pub(crate) type Attrs<'a> = &'a [(&'a str, &'a str)];

impl XmlWriter {
    /// A new part that starts with the standalone XML declaration Word writes.
    pub(crate) fn new() -> XmlWriter {
        let mut buf = String::with_capacity(4096);
        buf.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n");
        XmlWriter { buf }
    }

    /// `<name attrs>`; the caller closes it with [`XmlWriter::end`].
    pub(crate) fn start(&mut self, name: &str, attrs: Attrs) {
        self.open_tag(name, attrs);
        self.buf.push('>');
    }

    /// `</name>`.
    pub(crate) fn end(&mut self, name: &str) {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
    }

    /// `<name attrs/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: Attrs) {
        self.open_tag(name, attrs);
        self.buf.push_str("/>");
    }

    /// `<name attrs>text</name>` with the text escaped.
    pub(crate) fn text_element(&mut self, name: &str, attrs: Attrs, text: &str) {
        self.start(name, attrs);
        self.text(text);
        self.end(name);
    }

    /// Escaped character data inside the current element.
    pub(crate) fn text(&mut self, text: &str) {
        escape_into(&mut self.buf, text, false);
    }

    /// The finished part as UTF-8 bytes.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.buf.into_bytes()
    }

    fn open_tag(&mut self, name: &str, attrs: Attrs) {
        self.buf.push('<');
        self.buf.push_str(name);
        for (key, value) in attrs {
            self.buf.push(' ');
            self.buf.push_str(key);
            self.buf.push_str("=\"");
            escape_into(&mut self.buf, value, true);
            self.buf.push('"');
        }
    }
}

/// True for characters XML 1.0 allows in a document (§2.2 `Char`). Rust strings cannot
/// hold surrogates, so only the C0 controls and the two non-characters remain to reject.
pub(crate) fn is_xml_char(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        '\u{0}'..='\u{1F}' => false,
        '\u{FFFE}' | '\u{FFFF}' => false,
        _ => true,
    }
}

fn escape_into(out: &mut String, text: &str, in_attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // A parser normalises raw white space in attribute values to spaces; keep
            // them as character references so values survive a round trip.
            '\t' | '\n' | '\r' if in_attribute => {
                out.push_str(&format!("&#x{:X};", c as u32));
            }
            c if is_xml_char(c) => out.push(c),
            _ => {} // forbidden in XML 1.0 even as a reference: drop it
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(f: impl FnOnce(&mut XmlWriter)) -> String {
        let mut w = XmlWriter::new();
        f(&mut w);
        let s = String::from_utf8(w.into_bytes()).unwrap();
        s.split_once("?>\r\n").unwrap().1.to_string()
    }

    #[test]
    fn escapes_markup_characters() {
        let s = part(|w| w.text_element("t", &[("v", "a\"<b>&")], "x<y>&\"z\""));
        assert_eq!(
            s,
            "<t v=\"a&quot;&lt;b&gt;&amp;\">x&lt;y&gt;&amp;&quot;z&quot;</t>"
        );
    }

    #[test]
    fn drops_forbidden_characters_and_keeps_astral_ones() {
        let s = part(|w| {
            w.text_element(
                "t",
                &[],
                "a\u{0}b\u{8}c\u{B}\u{C}d\u{1F}e\u{FFFE}\u{FFFF}f𠀾\t\n",
            )
        });
        assert_eq!(s, "<t>abcdef𠀾\t\n</t>");
    }

    #[test]
    fn empty_and_nested_elements() {
        let s = part(|w| {
            w.start("a", &[("x", "1")]);
            w.empty("b", &[]);
            w.end("a");
        });
        assert_eq!(s, "<a x=\"1\"><b/></a>");
    }
}
