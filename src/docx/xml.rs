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

/// True when `text` holds a character [`escape_into`] must replace or drop, or might: an
/// ASCII byte of `& < > "` or below 0x20, or the lead bytes `EF BF` of U+FFFE / U+FFFF.
/// (Tab, newline and carriage return count too, though element text keeps them.)
///
/// Answer text almost never holds one, and this test is much cheaper than the loop of
/// [`escape_into`]: it looks at each byte and the one after it, without an early exit, so
/// that the compiler vectorises it. (Measured with callgrind: the byte loop cost about 9
/// instructions a byte of Chinese text, some 50k of a report; a `memmem` search for
/// `EF BF` costs more than this test, most of it in setting up the searcher.)
fn may_need_escaping(text: &str) -> bool {
    let bytes = text.as_bytes();
    let special = |b: u8| (b < 0x20) | (b == b'&') | (b == b'<') | (b == b'>') | (b == b'"');
    let Some(&last) = bytes.last() else {
        return false;
    };
    let pairs = bytes.iter().zip(&bytes[1..]);
    special(last) | pairs.fold(false, |found, (&a, &b)| found | special(a) | ((a == 0xEF) & (b == 0xBF)))
}

fn escape_into(out: &mut String, text: &str, in_attribute: bool) {
    if !may_need_escaping(text) {
        out.push_str(text);
        return;
    }
    // Most text needs no escaping at all: copy the runs between special characters whole
    // (measured: the per-character loop was ~160k instructions of a report's ~3.4M).
    // Every character that needs attention starts with an ASCII byte below 0x3F or with
    // 0xEF (U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8); ASCII bytes never occur
    // inside a multi-byte character, so the run boundaries are character boundaries.
    let bytes = text.as_bytes();
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let special = matches!(b, b'&' | b'<' | b'>' | b'"' | 0x00..=0x1F | 0xEF);
        if !special {
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("i is on a character boundary");
        let replacement: Option<&str> = match c {
            '&' => Some("&amp;"),
            '<' => Some("&lt;"),
            '>' => Some("&gt;"),
            '"' => Some("&quot;"),
            // A parser normalises raw white space in attribute values to spaces; keep
            // them as character references so values survive a round trip.
            '\t' if in_attribute => Some("&#x9;"),
            '\n' if in_attribute => Some("&#xA;"),
            '\r' if in_attribute => Some("&#xD;"),
            c if is_xml_char(c) => None,
            _ => Some(""), // forbidden in XML 1.0 even as a reference: drop it
        };
        if let Some(r) = replacement {
            out.push_str(&text[run_start..i]);
            out.push_str(r);
            run_start = i + c.len_utf8();
        }
        i += c.len_utf8();
    }
    out.push_str(&text[run_start..]);
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
    fn attribute_white_space_becomes_references_and_other_ef_characters_stay() {
        let s = part(|w| w.empty("t", &[("v", "a\tb\nc\rd")]));
        assert_eq!(s, "<t v=\"a&#x9;b&#xA;c&#xD;d\"/>");
        // U+FEFF, U+FF0C (，) and U+FFFD start with the byte 0xEF too and are kept.
        let s = part(|w| w.text_element("t", &[], "\u{FEFF}，\u{FFFD}&"));
        assert_eq!(s, "<t>\u{FEFF}，\u{FFFD}&amp;</t>");
    }

    #[test]
    fn the_quick_test_finds_every_character_that_needs_attention() {
        assert!(!may_need_escaping("发展党员，（一）2024年。\u{FEFF}𠀾 'x'"));
        // U+FFF0–U+FFFD share the lead bytes of U+FFFE: the quick test says "maybe" and
        // the loop keeps them (see the test above).
        assert!(may_need_escaping("\u{FFFD}"));
        for s in ["&", "<", ">", "\"", "\t", "\n", "\r", "\u{0}", "\u{1F}", "\u{FFFE}", "\u{FFFF}"] {
            assert!(may_need_escaping(&format!("党员{s}发展")), "{s:?}");
        }
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
