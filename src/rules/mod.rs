//! Rules between fields, declared in `questionnaire.json` under `"rules"`.
//!
//! Each rule is data: which fields it relates, and optionally its own wording. Without
//! wording, the message is generated in Chinese from the fields' labels; `message` and
//! `hint` (for `keys`, `duplicate` / `outside` / `absent`, each a `{message, hint}`) replace it, with `{字段}`-style slots filled in
//! (see each kind for its slots). The rules run in the order written, after the check of
//! each field, and a rule never reads a value that already has an error: one mistake is
//! reported once, and every rule whose inputs are valid still runs.
//!
//! Kinds:
//! - `not_after` (年份、日期): `field` ≤ `than`; `than` may be `year(日期字段)`.
//! - `not_more` (数量): `field` ≤ `than`, or the sum `sum: {list, key}` ≤ `than`.
//! - `keys`: in `list`, each item's `key` is unique; with `from`/`to`, each key lies in
//!   [from, to] and the missing members of the range are a warning.
//! - `requires`: when `if_given` is answered, `field` must be answered too.
//!
//! Every rule may also carry `summary`, its wording in the JSON Schema's description
//! (generated from the fields' labels otherwise; `""` leaves the rule out).

mod describe;
mod run;

use serde::{Deserialize, Serialize};

use crate::questionnaire::{Field, FieldType, Questionnaire};

pub use describe::describe;
pub use run::run;

/// One declared rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// `field` ≤ `than`, for years and dates. Slots: {字段} {值} {对比字段} {对比值}.
    NotAfter {
        field: String,
        than: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
        /// This rule in the schema's description; `""` leaves it out (see [`describe`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    /// `field` (or the sum `sum`) ≤ `than`, for counts. Slots as `not_after`.
    NotMore {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        field: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sum: Option<Sum>,
        than: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
        /// This rule in the schema's description; `""` leaves it out (see [`describe`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    /// The items of `list` have distinct `key`s, within [`from`, `to`] when both are given.
    /// Slots: {键} {值} {首次} (the path of the first item with that key) {起} {止}
    /// {起字段} {止字段} {列表} {缺少}.
    Keys {
        list: String,
        key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<String>,
        /// Report the members of [from, to] that no item has, as a warning.
        #[serde(default)]
        missing: bool,
        /// The wording of a repeated key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duplicate: Option<Wording>,
        /// The wording of a key outside [from, to].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outside: Option<Wording>,
        /// The wording of the missing members' warning.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        absent: Option<Wording>,
        /// This rule in the schema's description; `""` leaves it out (see [`describe`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
    /// `field` is required once `if_given` is answered. Slots: {字段} {条件字段}.
    Requires {
        field: String,
        if_given: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
        /// This rule in the schema's description; `""` leaves it out (see [`describe`]).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
    },
}

/// A sum over a list: `key` of each item of `list`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sum {
    pub list: String,
    pub key: String,
}

/// A rule's own wording, replacing the generated message or hint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

/// `year(成文日期)` → `成文日期`.
pub(crate) fn year_of(than: &str) -> Option<&str> {
    than.strip_prefix("year(")?.strip_suffix(')')
}

/// The field a dotted path names, outside lists (`基本情况.村党组织数`).
pub fn field_at<'a>(fields: &'a [Field], path: &str) -> Option<&'a Field> {
    let mut fields = fields;
    let mut found = None;
    for key in path.split('.') {
        let f = fields.iter().find(|f| f.key == key)?;
        fields = &f.fields;
        found = Some(f);
    }
    found
}

/// The types `not_more` compares: integers and exact decimals.
const NUMBERS: &[FieldType] = &[FieldType::Integer, FieldType::Decimal, FieldType::Percentage];

/// Every type, for `requires`.
const ANY: &[FieldType] = &[
    FieldType::Text,
    FieldType::Integer,
    FieldType::Date,
    FieldType::Object,
    FieldType::List,
    FieldType::Boolean,
    FieldType::Decimal,
    FieldType::Percentage,
    FieldType::Choice,
];

/// Checks that every rule names fields that exist and have the types it needs. The error
/// is a Chinese sentence naming the rule by its place (第 N 条规则).
pub fn check_definition(q: &Questionnaire) -> Result<(), String> {
    for (n, rule) in q.rules.iter().enumerate() {
        let fail = |e: String| format!("第 {} 条规则：{e}", n + 1);
        let want = |path: &str, kinds: &[FieldType]| -> Result<(), String> {
            match field_at(&q.fields, path) {
                None => Err(fail(format!("问卷中没有字段「{path}」"))),
                Some(f) if !kinds.contains(&f.kind) => {
                    Err(fail(format!("字段「{path}」是{}，这条规则用不了", f.kind.label())))
                }
                Some(_) => Ok(()),
            }
        };
        let item_key = |list: &str, key: &str, kinds: &[FieldType]| -> Result<(), String> {
            want(list, &[FieldType::List])?;
            let item = field_at(&q.fields, list).and_then(|f| f.items.as_deref());
            match item.map(|i| i.fields.iter().find(|f| f.key == key)) {
                Some(Some(f)) if kinds.contains(&f.kind) => Ok(()),
                _ if kinds.len() > 1 => Err(fail(format!("「{list}」的每一项应有数字字段「{key}」（整数、小数或百分比）"))),
                _ => Err(fail(format!("「{list}」的每一项应有整数字段「{key}」"))),
            }
        };
        match rule {
            Rule::NotAfter { field, than, .. } => {
                want(field, &[FieldType::Integer, FieldType::Date])?;
                match year_of(than) {
                    Some(date) => want(date, &[FieldType::Date])?,
                    None => want(than, &[FieldType::Integer, FieldType::Date])?,
                }
            }
            Rule::NotMore { field, sum, than, .. } => {
                match (field, sum) {
                    (Some(field), None) => want(field, NUMBERS)?,
                    (None, Some(s)) => item_key(&s.list, &s.key, NUMBERS)?,
                    _ => return Err(fail("not_more 要写 field 或 sum 之一".into())),
                }
                want(than, NUMBERS)?;
            }
            Rule::Keys { list, key, from, to, missing, .. } => {
                item_key(list, key, &[FieldType::Integer])?;
                match (from, to) {
                    (Some(from), Some(to)) => {
                        want(from, &[FieldType::Integer])?;
                        want(to, &[FieldType::Integer])?;
                    }
                    (None, None) if !missing => {}
                    _ => return Err(fail("keys 的 from 和 to 要一起写；missing 需要 from 和 to".into())),
                }
            }
            Rule::Requires { field, if_given, .. } => {
                want(field, ANY)?;
                want(if_given, ANY)?;
            }
        }
    }
    Ok(())
}
