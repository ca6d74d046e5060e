//! Step 3a: the questionnaire of each template, and the generic check of answers against it.
//!
//! A template's questionnaire is data, stored beside the template
//! (`templates/<id>/questionnaire.json`) and embedded in the binary. It is the one
//! definition of what a clerk fills in: the check here, `gongwen init`, the JSON Schema and
//! the documentation are all derived from it. Rules that relate several fields to each
//! other (起始 ≤ 截止, …) are declared beside the fields and run by [`crate::rules`]. The built-in
//! questionnaires are read with their templates ([`crate::template::builtin`]).

mod date;
mod leaf;
mod spelled;
mod typo;
mod walk;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use date::parse_date;
pub use leaf::{as_integer, is_blank};
pub use spelled::reading;
pub use walk::{check, check_quoting, take_unknown_keys};

/// A template's questionnaire: the fields of its answers file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// The template id, e.g. `fazhan-dangyuan`.
    pub id: String,
    /// The kind of report, e.g. 「发展党员工作三年自查报告」.
    pub title: String,
    /// The top-level fields, in the order a clerk fills them.
    pub fields: Vec<Field>,
    /// The rules between fields, run in this order after each field is checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<crate::rules::Rule>,
}

/// One field of a questionnaire, or the item definition of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The key in the answers file (Chinese); empty for a list's item definition.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// A required field must be present and not null; a required text must not be blank.
    /// For a list's item: a blank text item is an error when required, dropped otherwise.
    #[serde(default)]
    pub required: bool,
    /// Short Chinese name shown to the clerk.
    pub label: String,
    /// What to write, in Chinese.
    pub hint: String,
    /// An example value (for leaves; optional for lists and objects).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Smallest allowed integer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// Largest allowed integer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// Fewest items of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    /// The fields of an object.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The definition of each item of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Field>>,
}

/// The type of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// A JSON string; a newline starts a new paragraph.
    Text,
    /// A JSON integer (`12`; `12.0` is accepted as 12).
    Integer,
    /// A JSON string `YYYY-MM-DD` naming a real calendar day.
    Date,
    /// A JSON object with the given `fields`.
    Object,
    /// A JSON array whose items follow `items`.
    List,
}

impl FieldType {
    /// The Chinese name used in messages: 文本, 整数, 日期, 对象, 列表.
    pub fn label(self) -> &'static str {
        match self {
            FieldType::Text => "文本",
            FieldType::Integer => "整数",
            FieldType::Date => "日期",
            FieldType::Object => "对象",
            FieldType::List => "列表",
        }
    }
}

impl Questionnaire {
    /// An answers value made of every field's example: what `gongwen init` starts from.
    pub fn example_answers(&self) -> Value {
        Value::Object(
            self.fields
                .iter()
                .map(|f| (f.key.clone(), f.example_value()))
                .collect(),
        )
    }
}

impl Field {
    /// The field's example, or one built from its parts (a list gets `min_items`, at least
    /// one, copies of its item's example).
    pub fn example_value(&self) -> Value {
        if let Some(example) = &self.example {
            return example.clone();
        }
        match self.kind {
            FieldType::Object => Value::Object(
                self.fields
                    .iter()
                    .map(|f| (f.key.clone(), f.example_value()))
                    .collect(),
            ),
            FieldType::List => {
                let item = self
                    .items
                    .as_ref()
                    .map_or(Value::Null, |i| i.example_value());
                Value::Array(vec![item; self.min_items.unwrap_or(1).max(1)])
            }
            FieldType::Text | FieldType::Date => Value::String(String::new()),
            FieldType::Integer => Value::from(self.minimum.unwrap_or(0)),
        }
    }
}

#[cfg(test)]
mod tests;
