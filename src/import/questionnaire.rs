//! The questionnaire entries of the fields and lists an import made: types, bounds, the
//! clerk's hint (quoting the 范文's sentence) and an example value.

use serde_json::{json, Value};

use super::fields::Kind;
use super::json::Node;
use super::kind::{excerpt, FieldMade, ListMade};
use super::DEFAULTS;

pub fn field_node(f: &FieldMade) -> Node {
    let (ty, bounds) = match f.kind {
        Kind::Township | Kind::Text => ("text", None),
        Kind::Year => ("integer", Some((1949, 2100))),
        Kind::Integer => ("integer", Some((0, 999_999))),
        Kind::Date { .. } => ("date", None),
    };
    let mut e = vec![
        ("key".to_owned(), Node::leaf(f.key.as_str())),
        ("type".to_owned(), Node::leaf(ty)),
        ("required".to_owned(), Node::leaf(true)),
        ("label".to_owned(), Node::leaf(f.key.as_str())),
        ("hint".to_owned(), Node::leaf(f.hint.as_str())),
        ("example".to_owned(), Node::Leaf(f.example.clone())),
    ];
    if let Some((lo, hi)) = bounds {
        e.push(("minimum".into(), Node::leaf(lo)));
        e.push(("maximum".into(), Node::leaf(hi)));
    }
    Node::Map(e)
}

fn text_field(key: &str, label: &str, hint: &str, required: bool) -> Node {
    Node::Map(vec![
        ("key".into(), Node::leaf(key)),
        ("type".into(), Node::leaf("text")),
        ("required".into(), Node::leaf(required)),
        ("label".into(), Node::leaf(label)),
        ("hint".into(), Node::leaf(hint)),
    ])
}

pub fn list_node(l: &ListMade) -> Node {
    let titled = l.items.iter().any(|(t, _)| t.is_some());
    let all_titled = l.items.iter().all(|(t, _)| t.is_some());
    let items = if titled {
        Node::Map(vec![
            ("type".into(), Node::leaf("object")),
            ("label".into(), Node::leaf("一条")),
            ("hint".into(), Node::leaf("一个简短的小标题和具体内容，印成「一是小标题。内容」")),
            (
                "fields".into(),
                Node::List(vec![
                    text_field("标题", "标题", "概括这一条的短句，结尾句号可省略", all_titled),
                    text_field("内容", "内容", "具体内容；换行另起一段", true),
                ]),
            ),
        ])
    } else {
        let mut m = match text_field("", "一条", "一条的内容，印成「一是……」；换行另起一段", true) {
            Node::Map(m) => m,
            _ => unreachable!("a map"),
        };
        m.remove(0);
        Node::Map(m)
    };
    let hint = format!("「{}」的各条，依次印成「一是……」「二是……」；答案文件中已写好范文的 {} 条（也在 {DEFAULTS} 中），可以保留、改写或换掉", l.key, l.items.len());
    Node::Map(vec![
        ("key".into(), Node::leaf(l.key.as_str())),
        ("type".into(), Node::leaf("list")),
        ("required".into(), Node::leaf(true)),
        ("label".into(), Node::leaf(l.key.as_str())),
        ("hint".into(), Node::leaf(hint)),
        ("min_items".into(), Node::leaf(1)),
        ("example".into(), list_value(l)),
        ("items".into(), items),
        ("prefill".into(), Node::leaf(true)),
    ])
}

pub fn list_value(l: &ListMade) -> Node {
    let titled = l.items.iter().any(|(t, _)| t.is_some());
    Node::List(
        l.items
            .iter()
            .map(|(t, body)| {
                if titled {
                    Node::Map(vec![("标题".into(), Node::leaf(t.clone().unwrap_or_default())), ("内容".into(), Node::leaf(body.as_str()))])
                } else {
                    Node::leaf(body.as_str())
                }
            })
            .collect(),
    )
}

pub fn example_and_hint(key: &str, kind: Kind, sentence: &str) -> (Value, String) {
    let quote = excerpt(sentence);
    match kind {
        Kind::Township => (json!("青石镇"), "乡镇（街道）的全称，如「青石镇」；范文中的「XX镇」「X乡镇」都印成它".into()),
        Kind::Year => (json!(if key == "起始年份" { 2023 } else { 2025 }), format!("四位数的年份；印在「{quote}」中")),
        Kind::Date { month_day } => {
            let form = if month_day { "只印月和日（「6月30日」）" } else { "印成「2025年6月30日」" };
            (json!(if key == "成文日期" { "2025-12-31" } else { "2025-06-30" }), format!("按 YYYY-MM-DD 填写，{form}；范文中的「{quote}」"))
        }
        Kind::Integer => (json!(3), format!("整数；印在「{quote}」中")),
        Kind::Text => (json!("示例"), format!("填写范文「{quote}」中空着的文字")),
    }
}

