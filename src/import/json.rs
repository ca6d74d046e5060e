//! JSON written with its keys in the order given (serde_json's map sorts them), two spaces
//! an indent, as the built-in kinds' files are laid out: an author edits these files.

use serde_json::Value;

/// An object of ordered entries, a list, or a leaf value.
pub enum Node {
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    Leaf(Value),
}

impl Node {
    pub fn leaf(v: impl Into<Value>) -> Node {
        Node::Leaf(v.into())
    }

    /// The pretty text, ending with a newline.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        let pad = |out: &mut String, d: usize| out.push_str(&"  ".repeat(d));
        match self {
            Node::Leaf(v) => out.push_str(&serde_json::to_string(v).expect("a JSON value")),
            Node::List(items) if items.is_empty() => out.push_str("[]"),
            Node::Map(entries) if entries.is_empty() => out.push_str("{}"),
            Node::List(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    pad(out, depth + 1);
                    item.write(out, depth + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push(']');
            }
            Node::Map(entries) => {
                out.push_str("{\n");
                for (i, (k, v)) in entries.iter().enumerate() {
                    pad(out, depth + 1);
                    out.push_str(&serde_json::to_string(k).expect("a string"));
                    out.push_str(": ");
                    v.write(out, depth + 1);
                    out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
                }
                pad(out, depth);
                out.push('}');
            }
        }
    }
}
