//! Step 3a: the questionnaire of each template, and the generic check of answers against it.
//!
//! A template's questionnaire is data, stored beside the template
//! (`templates/<id>/questionnaire.json`) and embedded in the binary. It is the one
//! definition of what a clerk fills in: the check here, `gongwen init`, the JSON Schema and
//! the documentation are all derived from it. Rules that relate several fields to each
//! other (起始 ≤ 截止, …) are declared beside the fields and run by [`crate::rules`]. The built-in
//! questionnaires are read with their templates ([`crate::template::builtin`]).

mod date;
mod decimal;
mod definition;
mod leaf;
mod spelled;
mod typed;
mod typo;
mod walk;

use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

pub use date::parse_date;
pub use decimal::Decimal;
pub use definition::{check_definition, Problem};
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
    /// Smallest allowed value of a number (an integer for an integer field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Number>,
    /// Largest allowed value of a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Number>,
    /// Decimals of a decimal (required) or percentage (0 when not given), 0 to 6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places: Option<u32>,
    /// The answers a choice allows, each printed as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// Most characters of a text (never above [`crate::limits::MAX_TEXT_CHARS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    /// Fewest items of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<usize>,
    /// Most items of a list (never above [`crate::limits::MAX_LIST_ITEMS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<usize>,
    /// The fields of an object.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    /// The definition of each item of a list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Field>>,
    /// `gongwen init` writes the field's example instead of a blank. For what the clerk
    /// keeps, edits or replaces rather than types from nothing: `template import` sets it on
    /// the lists made of a 范文's items, so the answers file already holds them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub prefill: bool,
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
    /// JSON `true` or `false`.
    Boolean,
    /// A JSON number with at most `places` decimals, printed with exactly that many.
    Decimal,
    /// A JSON number, the figure before the % sign (95.5 for 95.5%), 0 to 100 unless
    /// `minimum`/`maximum` say otherwise; printed with `places` decimals and 「%」.
    Percentage,
    /// A JSON string equal to one of `choices`.
    Choice,
}

impl FieldType {
    /// The Chinese name used in messages: 文本, 整数, 日期, 对象, 列表, ….
    pub fn label(self) -> &'static str {
        match self {
            FieldType::Text => "文本",
            FieldType::Integer => "整数",
            FieldType::Date => "日期",
            FieldType::Object => "对象",
            FieldType::List => "列表",
            FieldType::Boolean => "是或否（true 或 false）",
            FieldType::Decimal => "小数",
            FieldType::Percentage => "百分比",
            FieldType::Choice => "选项",
        }
    }

    /// The name an author writes in `questionnaire.json`: text, integer, ….
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Date => "date",
            FieldType::Object => "object",
            FieldType::List => "list",
            FieldType::Boolean => "boolean",
            FieldType::Decimal => "decimal",
            FieldType::Percentage => "percentage",
            FieldType::Choice => "choice",
        }
    }

    /// True for the types whose answer is a number with decimals.
    pub fn is_decimal(self) -> bool {
        matches!(self, FieldType::Decimal | FieldType::Percentage)
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
            FieldType::Integer => Value::from(self.int_bounds().0.max(0)),
            FieldType::Decimal | FieldType::Percentage => self.minimum.clone().map_or(Value::from(0), Value::Number),
            FieldType::Boolean => Value::Bool(false),
            FieldType::Choice => self.choices.first().map_or(Value::Null, |c| Value::from(c.as_str())),
        }
    }

    /// The range of an integer field: `minimum` and `maximum`, or the range of i32.
    pub fn int_bounds(&self) -> (i64, i64) {
        let bound = |n: &Option<Number>, default: i32| n.as_ref().and_then(Number::as_i64).unwrap_or(i64::from(default));
        (bound(&self.minimum, i32::MIN), bound(&self.maximum, i32::MAX))
    }

    /// The range of a decimal or percentage field: `minimum` and `maximum`, or 0 to 100 for
    /// a percentage and the range of i32 for a decimal.
    pub fn decimal_bounds(&self) -> (Decimal, Decimal) {
        let (low, high) = if self.kind == FieldType::Percentage { (0, 100) } else { (i64::from(i32::MIN), i64::from(i32::MAX)) };
        let bound = |n: &Option<Number>, default: i64| n.as_ref().and_then(Decimal::of).unwrap_or(Decimal::from_int(default));
        (bound(&self.minimum, low), bound(&self.maximum, high))
    }

    /// The decimals of a decimal or percentage field.
    pub fn places(&self) -> u32 {
        self.places.unwrap_or(0)
    }

    /// A decimal or percentage value as the report prints it: 「12.50」, 「95.5%」.
    pub fn print_decimal(&self, d: &Decimal) -> String {
        let mut s = d.fixed(self.places());
        if self.kind == FieldType::Percentage {
            s.push('%');
        }
        s
    }
}

#[cfg(test)]
mod tests;
