//! Files derived from a questionnaire definition for the clerk's editor: the JSON Schema of
//! the answers (`gongwen schema`) and the blank answers file (`gongwen init`).
//!
//! Both are generated from [`crate::questionnaire::Questionnaire`], never written by hand, so
//! a field added to `questionnaire.json` appears in validation, in the blank file and in the
//! editor's hover text at once. Keys keep the order of the definition (serde_json's own map
//! sorts them), because a clerk fills the file top to bottom.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};

use crate::limits::{MAX_LIST_ITEMS, MAX_TEXT_CHARS};
use crate::questionnaire::{Field, FieldType, Questionnaire};

/// The JSON Schema dialect of the generated schema.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The pattern a date answer follows (the check also rejects days that do not exist).
pub const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// The name of the schema file `gongwen init` writes beside an answers file, e.g.
/// `fazhan-dangyuan.schema.json`.
pub fn file_name(q: &Questionnaire) -> String {
    format!("{}.schema.json", q.id)
}

/// The JSON Schema (draft 2020-12) of an answers file, as pretty-printed JSON text with the
/// keys in the definition's order.
pub fn json_schema(q: &Questionnaire) -> String {
    pretty(&schema_node(q))
}

/// The JSON Schema as a value (keys sorted), for programs and tests.
pub fn json_schema_value(q: &Questionnaire) -> Value {
    serde_json::to_value(schema_node(q)).unwrap_or(Value::Null)
}

/// The answers file `gongwen init` writes: `"$schema": schema_ref` first, then every field
/// of the definition, unanswered. A text is `""`, a number or date `null`, a list one
/// unanswered item (so that its shape shows), an object its fields. The check reports every
/// required field of this file as missing or empty, and nothing else.
pub fn blank_answers(q: &Questionnaire, schema_ref: &str) -> String {
    blank_answers_naming(q, schema_ref, None)
}

/// [`blank_answers`] that names its kind in `"$template"` (for a kind other than the
/// default, so that `render` finds it without `--template`).
pub fn blank_answers_naming(q: &Questionnaire, schema_ref: &str, kind: Option<&str>) -> String {
    let mut entries = vec![("$schema".to_owned(), Node::Leaf(json!(schema_ref)))];
    if let Some(kind) = kind {
        entries.push((crate::answers::TEMPLATE_KEY.to_owned(), Node::Leaf(json!(kind))));
    }
    entries.extend(q.fields.iter().map(|f| (f.key.clone(), blank(f))));
    pretty(&Node::Map(entries)) + "\n"
}

/// A JSON value whose objects keep their keys in the order given.
enum Node {
    Map(Vec<(String, Node)>),
    List(Vec<Node>),
    Leaf(Value),
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Map(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Node::List(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Leaf(v) => v.serialize(s),
        }
    }
}

fn pretty(node: &Node) -> String {
    // Serializing an in-memory tree of strings and numbers cannot fail.
    serde_json::to_string_pretty(node).unwrap_or_default()
}

fn entry(key: &str, value: Value) -> (String, Node) {
    (key.to_owned(), Node::Leaf(value))
}

fn schema_node(q: &Questionnaire) -> Node {
    let mut entries = vec![
        entry("$schema", json!(DIALECT)),
        entry("$id", json!(format!("urn:gongwen:template:{}", q.id))),
        entry("title", json!(format!("{}·问卷答案", q.title))),
        entry("description", json!(description(q))),
    ];
    entries.extend(object_body(&q.fields, json!("object")));
    Node::Map(entries)
}

/// What the file is, and the rules between its fields in words ([`crate::rules::describe`]),
/// which a schema cannot express and `gongwen validate` checks.
fn description(q: &Questionnaire) -> String {
    let mut text = format!("gongwen 模板「{}」的答案文件。由 questionnaire.json 生成（gongwen schema），不要手工修改。", q.id);
    text.extend(crate::rules::describe(q));
    text
}

/// `type`, `properties`, `required` and the rule against unknown keys of an object. Keys
/// starting with `$` (such as `"$schema"`) are allowed anywhere, as the check allows them.
fn object_body(fields: &[Field], kind: Value) -> Vec<(String, Node)> {
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key.as_str())
        .collect();
    vec![
        entry("type", kind),
        (
            "properties".into(),
            Node::Map(
                fields
                    .iter()
                    .map(|f| (f.key.clone(), field_schema(f)))
                    .collect(),
            ),
        ),
        entry("required", json!(required)),
        entry("patternProperties", json!({ "^\\$": {} })),
        entry("additionalProperties", json!(false)),
    ]
}

/// The schema of one field (or of a list's item). An optional field may also be `null`,
/// as the check allows.
fn field_schema(f: &Field) -> Node {
    let base = match f.kind {
        FieldType::Text | FieldType::Date | FieldType::Choice => "string",
        FieldType::Integer => "integer",
        FieldType::Decimal | FieldType::Percentage => "number",
        FieldType::Boolean => "boolean",
        FieldType::Object => "object",
        FieldType::List => "array",
    };
    let kind = if f.required {
        json!(base)
    } else {
        json!([base, "null"])
    };
    let mut entries = vec![
        entry("title", json!(f.label)),
        entry("description", json!(f.hint)),
    ];
    match f.kind {
        FieldType::Object => entries.extend(object_body(&f.fields, kind)),
        _ => entries.push(entry("type", kind)),
    }
    match f.kind {
        FieldType::Text => {
            entries.push(entry("maxLength", json!(f.max_length.map_or(MAX_TEXT_CHARS, |n| n.min(MAX_TEXT_CHARS)))));
            if f.required {
                // Blank text (only spaces) is as good as missing.
                entries.push(entry("pattern", json!("\\S")));
            }
        }
        FieldType::Integer => {
            if let Some(min) = &f.minimum {
                entries.push(entry("minimum", json!(min)));
            }
            if let Some(max) = &f.maximum {
                entries.push(entry("maximum", json!(max)));
            }
        }
        FieldType::Decimal | FieldType::Percentage => {
            // A step of 10^-places: how a schema says 「at most N decimals」 (editors
            // compare with a tolerance, the check itself counts the decimals written).
            entries.push(entry("multipleOf", step(f.places())));
            let (min, max) = f.decimal_bounds();
            if f.minimum.is_some() || f.kind == FieldType::Percentage {
                entries.push(entry("minimum", number(&min.to_string())));
            }
            if f.maximum.is_some() || f.kind == FieldType::Percentage {
                entries.push(entry("maximum", number(&max.to_string())));
            }
        }
        FieldType::Choice => {
            let mut allowed: Vec<Value> = f.choices.iter().map(|c| json!(c)).collect();
            if !f.required {
                // Unanswered, as the check allows: blank or null.
                allowed.extend([json!(""), Value::Null]);
            }
            entries.push(entry("enum", Value::Array(allowed)));
        }
        FieldType::Boolean => {}
        FieldType::Date => {
            entries.push(entry("format", json!("date")));
            entries.push(entry("pattern", json!(DATE_PATTERN)));
        }
        FieldType::List => {
            if let Some(item) = &f.items {
                entries.push(("items".into(), field_schema(item)));
            }
            if let Some(min) = f.min_items.filter(|&n| n > 0) {
                entries.push(entry("minItems", json!(min)));
            }
            entries.push(entry("maxItems", json!(f.max_items.map_or(MAX_LIST_ITEMS, |n| n.min(MAX_LIST_ITEMS)))));
        }
        FieldType::Object => {}
    }
    if let Some(example) = &f.example {
        entries.push(entry("examples", json!([example])));
    }
    Node::Map(entries)
}

/// 10^-places as a JSON number: 1, 0.1, 0.01, ….
fn step(places: u32) -> Value {
    if places == 0 {
        return json!(1);
    }
    number(&format!("0.{}1", "0".repeat(places as usize - 1)))
}

/// A JSON number from its decimal text (which [`crate::questionnaire::Decimal`] wrote).
fn number(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// The unanswered value of a field in the file `gongwen init` writes.
fn blank(f: &Field) -> Node {
    if let (true, Some(example)) = (f.prefill, &f.example) {
        return filled(f, example);
    }
    match f.kind {
        FieldType::Text | FieldType::Choice => Node::Leaf(json!("")),
        FieldType::Integer | FieldType::Date | FieldType::Decimal | FieldType::Percentage | FieldType::Boolean => Node::Leaf(Value::Null),
        FieldType::Object => {
            Node::Map(f.fields.iter().map(|f| (f.key.clone(), blank(f))).collect())
        }
        FieldType::List => Node::List(f.items.as_deref().map(blank).into_iter().collect()),
    }
}

/// A field's example as the answers file holds it, object keys in the questionnaire's order
/// (the parsed example's map keeps no order).
fn filled(f: &Field, value: &Value) -> Node {
    match (f.kind, value) {
        (FieldType::Object, Value::Object(map)) => Node::Map(
            f.fields.iter().filter_map(|sub| map.get(&sub.key).map(|v| (sub.key.clone(), filled(sub, v)))).collect(),
        ),
        (FieldType::List, Value::Array(items)) => match f.items.as_deref() {
            Some(item) => Node::List(items.iter().map(|v| filled(item, v)).collect()),
            None => Node::Leaf(value.clone()),
        },
        _ => Node::Leaf(value.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn q() -> &'static Questionnaire {
        &crate::template::builtin("fazhan-dangyuan").unwrap().questionnaire
    }

    #[test]
    fn schema_follows_the_definition() {
        let s = json_schema_value(q());
        assert_eq!(s["$schema"], DIALECT);
        assert_eq!(s["additionalProperties"], false);
        assert_eq!(s["patternProperties"]["^\\$"], json!({}));
        let props = &s["properties"];
        assert_eq!(props["乡镇名称"]["title"], "乡镇名称");
        assert_eq!(props["乡镇名称"]["type"], "string");
        assert_eq!(props["报告标题"]["type"], json!(["string", "null"]));
        assert_eq!(props["成文日期"]["format"], "date");
        assert_eq!(props["成文日期"]["pattern"], DATE_PATTERN);
        assert_eq!(props["自查起始年份"]["minimum"], 1949);
        let basics = &props["基本情况"];
        assert_eq!(basics["type"], "object");
        assert!(basics["required"]
            .as_array()
            .unwrap()
            .contains(&json!("村党组织数")));
        let yearly = &basics["properties"]["分年度发展党员数"];
        assert_eq!(yearly["minItems"], 1);
        assert_eq!(yearly["maxItems"], MAX_LIST_ITEMS);
        assert_eq!(yearly["items"]["properties"]["人数"]["maximum"], 99999);
        assert_eq!(
            props["主要做法"]["items"]["properties"]["内容"]["maxLength"],
            MAX_TEXT_CHARS
        );
        let top: Vec<&str> = q()
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.key.as_str())
            .collect();
        assert_eq!(s["required"], json!(top));
    }

    #[test]
    fn each_kind_describes_its_own_rules() {
        let described = |id: &str| {
            let q = &crate::template::builtin(id).unwrap().questionnaire;
            json_schema_value(q)["description"].as_str().unwrap().to_owned()
        };
        let own = described("dangfeng-lianzheng");
        assert!(own.starts_with("gongwen 模板「dangfeng-lianzheng」的答案文件。"), "{own}");
        assert!(own.contains("自查年度 ≤ 成文日期的年份、已整改问题数 ≤ 巡察反馈问题数、填写已整改问题数时也要填写巡察反馈问题数"), "{own}");
        assert!(!own.contains("自查范围") && !own.contains("起始年份"), "{own}");
        assert!(described("fazhan-dangyuan").contains("（起始年份 ≤ 截止年份 ≤ 成文日期的年份、年份不重复且在自查范围内等）"));
    }

    #[test]
    fn schema_text_keeps_the_definition_order() {
        let text = json_schema(q());
        let pos = |k: &str| text.find(&format!("\"{k}\"")).unwrap();
        assert!(pos("乡镇名称") < pos("报告标题") && pos("报告标题") < pos("党委名称"));
        assert!(pos("党委名称") < pos("下年工作计划"));
        assert_eq!(
            serde_json::from_str::<Value>(&text).unwrap(),
            json_schema_value(q())
        );
    }

    #[test]
    fn blank_answers_hold_every_field_unanswered() {
        let text = blank_answers(q(), "./fazhan-dangyuan.schema.json");
        assert!(text.starts_with(
            "{\n  \"$schema\": \"./fazhan-dangyuan.schema.json\",\n  \"乡镇名称\": \"\""
        ));
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["成文日期"], Value::Null);
        assert_eq!(
            v["基本情况"]["分年度发展党员数"],
            json!([{"年份": null, "人数": null}])
        );
        assert_eq!(v["主要做法"], json!([{"标题": "", "内容": ""}]));
        assert_eq!(v["存在问题"]["问题"], json!([""]));
        assert_eq!(v["下年工作计划"], json!([""]));
        assert_eq!(file_name(q()), "fazhan-dangyuan.schema.json");
    }
}
