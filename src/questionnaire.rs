//! Step 3a: the questionnaire of each template, and the generic check of answers against it.
//!
//! A template's questionnaire is data, stored beside the template
//! (`templates/<id>/questionnaire.json`) and embedded in the binary. It is the one
//! definition of what a clerk fills in: the check here, `gongwen init`, the JSON Schema and
//! the documentation are all derived from it. Rules that relate several fields to each
//! other (起始 ≤ 截止, …) are declared beside the fields and run by [`crate::rules`]. The built-in
//! questionnaires are read with their templates ([`crate::template::builtin`]).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::diag::{push_capped, Diagnostic};
use crate::json::Literals;
use crate::limits::{MAX_LIST_ITEMS, MAX_TEXT_CHARS};
use crate::model::Date;

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

/// Checks an answers value against a questionnaire and returns every problem found:
/// errors (missing, wrong type, out of range, …) and warnings (unknown keys). At most
/// [`MAX_KEPT`](crate::diag::MAX_KEPT) of each severity are kept, the rest counted.
pub fn check(q: &Questionnaire, value: &Value) -> Vec<Diagnostic> {
    check_quoting(q, value, &Literals::default())
}

/// [`check`], quoting numbers as the user wrote them (`literals` from
/// [`crate::json::parse_with_literals`]).
pub fn check_quoting(q: &Questionnaire, value: &Value, lit: &Literals) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match value {
        Value::Object(map) => check_object(&q.fields, map, Path::Root, lit, &mut out),
        other => push_capped(&mut out,
            Diagnostic::error(format!(
                "答案文件的最外层应为对象，实际是{}",
                describe(other, Path::Root, lit)
            ))
            .with_hint("整个文件要用一对 { } 括起来，例如 {\"乡镇名称\": \"青山镇\", …}"),
        ),
    }
    out
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// Where a value of the answers sits (`基本情况.分年度发展党员数[2].年份`), written out only
/// when a diagnostic needs it. Most answers are fine, and building every field's path with
/// `format!` as the check went down was half the check's cost (measured with callgrind).
#[derive(Debug, Clone, Copy)]
enum Path<'a> {
    /// The answers object itself (an empty path).
    Root,
    /// A key of the object at the parent path.
    Key(&'a Path<'a>, &'a str),
    /// An item of the list at the parent path.
    Item(&'a Path<'a>, usize),
}

impl Path<'_> {
    /// The path as diagnostics print it; the same as [`join`] and `format!("{path}[{i}]")`
    /// would have built.
    fn render(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write_to(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Item(parent, i) => {
                parent.write_to(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

fn check_object(fields: &[Field], map: &Map<String, Value>, prefix: Path, lit: &Literals, out: &mut Vec<Diagnostic>) {
    let unknown: Vec<&String> = map
        .keys()
        .filter(|k| !k.starts_with('$') && !fields.iter().any(|f| &f.key == *k))
        .collect();
    for f in fields {
        let path = Path::Key(&prefix, &f.key);
        match map.get(&f.key) {
            Some(Value::Null) | None if !f.required => {}
            None => {
                let d = Diagnostic::error(format!("缺少必填字段「{}」", f.key)).at(path.render());
                let typo = unknown.iter().find(|k| is_close(k, &f.key));
                push_capped(out, match typo {
                    Some(k) => d.with_hint(format!("文件中有「{k}」，是否把字段名写错了？")),
                    None => d.with_hint(field_hint(f)),
                });
            }
            Some(Value::Null) => push_capped(out,
                Diagnostic::error(format!("必填字段「{}」还没有填写（现在是 null）", f.key))
                    .at(path.render())
                    .with_hint(field_hint(f)),
            ),
            Some(v) => check_value(f, v, path, lit, out),
        }
    }
    if !unknown.is_empty() {
        let prefix = prefix.render();
        for key in unknown {
            push_capped(out, unknown_key(key, fields, &prefix));
        }
    }
}

/// The warning for a key the definition does not know, with the closest known key.
fn unknown_key(key: &str, fields: &[Field], prefix: &str) -> Diagnostic {
    let d = Diagnostic::warning(format!("未知字段「{key}」，将被忽略")).at(join(prefix, key));
    let known = fields.iter().map(|f| f.key.as_str());
    match closest(key, known) {
        Some(k) => d.with_hint(format!("是否想写：{k}？")),
        None => d.with_hint("如果不需要，可以删除这个字段"),
    }
}

/// Removes from a partial answers value (a county's defaults file) every key the definition
/// does not know, and every key starting with `$`; returns a warning for each unknown key,
/// with the closest known key as the hint. Nothing else is checked: a partial file lacks
/// required fields by design, and its values are checked once merged.
pub fn take_unknown_keys(q: &Questionnaire, value: &mut Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Value::Object(map) = value {
        map.retain(|k, _| !k.starts_with('$'));
        prune_object(&q.fields, map, "", &mut out);
    }
    out
}

fn prune_object(fields: &[Field], map: &mut Map<String, Value>, prefix: &str, out: &mut Vec<Diagnostic>) {
    let unknown: Vec<String> = map
        .keys()
        .filter(|k| !k.starts_with('$') && !fields.iter().any(|f| &f.key == *k))
        .cloned()
        .collect();
    for key in unknown {
        push_capped(out, unknown_key(&key, fields, prefix));
        map.remove(&key);
    }
    for f in fields {
        if let Some(v) = map.get_mut(&f.key) {
            prune_value(f, v, &join(prefix, &f.key), out);
        }
    }
}

fn prune_value(f: &Field, v: &mut Value, path: &str, out: &mut Vec<Diagnostic>) {
    match (f.kind, v) {
        (FieldType::Object, Value::Object(map)) => prune_object(&f.fields, map, path, out),
        (FieldType::List, Value::Array(items)) => {
            if let Some(item) = &f.items {
                for (i, v) in items.iter_mut().enumerate().take(MAX_LIST_ITEMS) {
                    prune_value(item, v, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

/// 「{label}：{hint}，例如 …」 for a missing or empty field.
fn field_hint(f: &Field) -> String {
    let mut hint = format!("{}：{}", f.label, f.hint);
    if let Some(example) = f.example.as_ref().filter(|_| f.kind != FieldType::List) {
        let shown = match example {
            Value::String(s) => s.lines().next().unwrap_or("").to_owned(),
            other => other.to_string(),
        };
        hint.push_str(&format!("，例如：{shown}"));
    }
    hint
}

fn check_value(f: &Field, v: &Value, path: Path, lit: &Literals, out: &mut Vec<Diagnostic>) {
    let wrong_type = |hint: Option<String>| {
        let d =
            Diagnostic::error(format!("应为{}，实际是{}", f.kind.label(), describe(v, path, lit))).at(path.render());
        match hint {
            Some(h) => d.with_hint(h),
            None => d.with_hint(field_hint(f)),
        }
    };
    match f.kind {
        FieldType::Text => match v {
            Value::String(s) => {
                let chars = s.chars().count();
                if f.required && is_blank(s) {
                    push_capped(out,
                        Diagnostic::error("不能为空")
                            .at(path.render())
                            .with_hint(field_hint(f)),
                    );
                } else if chars > MAX_TEXT_CHARS {
                    push_capped(out,
                        Diagnostic::error(format!(
                            "文字太长：共 {chars} 字，最多 {MAX_TEXT_CHARS} 字"
                        ))
                        .at(path.render())
                        .with_hint("请精简内容，或分成几项填写"),
                    );
                }
            }
            Value::Number(n) => push_capped(out, wrong_type(Some(format!(
                "文字要用英文双引号括起来，例如 \"{}\"",
                lit.quote(&path.render(), n)
            )))),
            _ => push_capped(out, wrong_type(None)),
        },
        FieldType::Integer => match as_integer(v) {
            Some(n) => {
                // Quoted as written: an integer beyond i64 compares as i64::MAX, but the
                // message shows the user's own digits.
                let written = || v.as_number().map_or_else(|| n.to_string(), |x| lit.quote(&path.render(), x));
                let (min, max) = (
                    f.minimum.unwrap_or(i64::from(i32::MIN)),
                    f.maximum.unwrap_or(i64::from(i32::MAX)),
                );
                if n < min {
                    push_capped(out,
                        Diagnostic::error(format!("不能小于 {min}，实际是 {}", written()))
                            .at(path.render())
                            .with_hint(field_hint(f)),
                    );
                } else if n > max {
                    push_capped(out,
                        Diagnostic::error(format!("不能大于 {max}，实际是 {}", written()))
                            .at(path.render())
                            .with_hint(field_hint(f)),
                    );
                }
            }
            None => {
                let hint = match v {
                    Value::String(s) if s.trim().parse::<i64>().is_ok() => {
                        Some(format!("去掉引号，直接写 {}", s.trim()))
                    }
                    _ => None,
                };
                push_capped(out, wrong_type(hint));
            }
        },
        FieldType::Date => match v {
            // A blank date is unanswered, like a blank text.
            Value::String(s) if is_blank(s) => {
                if f.required {
                    push_capped(out, Diagnostic::error("不能为空").at(path.render()).with_hint(field_hint(f)));
                }
            }
            Value::String(s) => {
                if let Err(d) = parse_date(s) {
                    push_capped(out, d.at(path.render()));
                }
            }
            _ => push_capped(out, wrong_type(Some(
                "按 YYYY-MM-DD 填写并用英文双引号括起来，例如 \"2026-11-27\"".into(),
            ))),
        },
        FieldType::Object => match v {
            Value::Object(map) => check_object(&f.fields, map, path, lit, out),
            _ => push_capped(out, wrong_type(Some(format!("{}要用一对 {{ }} 括起来", f.key)))),
        },
        FieldType::List => match v {
            Value::Array(items) => {
                let min = f.min_items.unwrap_or(0);
                if items.len() < min {
                    let msg = if items.is_empty() {
                        format!("不能为空，至少要填 {min} 项")
                    } else {
                        format!("至少要填 {min} 项，实际只有 {} 项", items.len())
                    };
                    push_capped(out, Diagnostic::error(msg).at(path.render()).with_hint(field_hint(f)));
                }
                if items.len() > MAX_LIST_ITEMS {
                    push_capped(out,
                        Diagnostic::error(format!(
                            "项数太多：共 {} 项，最多 {MAX_LIST_ITEMS} 项",
                            items.len()
                        ))
                        .at(path.render()),
                    );
                }
                if let Some(item) = &f.items {
                    for (i, v) in items.iter().enumerate().take(MAX_LIST_ITEMS) {
                        let item_path = Path::Item(&path, i);
                        match v {
                            Value::Null if !item.required => {}
                            Value::Null => push_capped(out,
                                Diagnostic::error("这一项不能为 null")
                                    .at(item_path.render())
                                    .with_hint(field_hint(item)),
                            ),
                            _ => check_value(item, v, item_path, lit, out),
                        }
                    }
                }
            }
            Value::String(_) if f.items.as_ref().is_some_and(|i| i.kind == FieldType::Text) => push_capped(
                out,
                wrong_type(Some("写成用 [ ] 括起来的列表，例如 [\"第一项\", \"第二项\"]".into())),
            ),
            _ => push_capped(out, wrong_type(Some(format!("{}要用一对 [ ] 括起来", f.key)))),
        },
    }
}

/// The integer a JSON value holds: an integer, or a number with no fractional part
/// (`12.0`). Integers beyond i64 (`18446744073709551615`, `-99999999999999999999`, `1e20`)
/// count as i64::MAX or i64::MIN, so that a maximum or a minimum catches them; messages
/// quote the number as written (see [`Literals`]).
pub fn as_integer(v: &Value) -> Option<i64> {
    let n = v.as_number()?;
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    if n.is_u64() {
        return Some(i64::MAX);
    }
    let f = n.as_f64()?;
    if f.fract() != 0.0 {
        return None;
    }
    // Beyond 2^53 a float no longer holds every integer; no answer is that large, and the
    // range check refuses it.
    Some(if f >= 9.0e15 {
        i64::MAX
    } else if f <= -9.0e15 {
        i64::MIN
    } else {
        f as i64
    })
}

/// True when a text has no visible character: only white space and characters XML forbids
/// (which the answers stage removes).
pub fn is_blank(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || crate::answers::is_xml_forbidden(c))
}

/// Parses `YYYY-MM-DD` into a real calendar date; the error says what is wrong and how to
/// write it instead (no field path: the caller adds it).
// Diagnostic is the project-wide error type; an error ends the run, so its size is
// irrelevant here.
pub fn parse_date(s: &str) -> Result<Date, Diagnostic> {
    let t = s.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() == 3 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2) {
        let (year, month, day) = (
            parts[0].parse::<i32>().unwrap_or(0),
            parts[1].parse::<u32>().unwrap_or(0),
            parts[2].parse::<u32>().unwrap_or(0),
        );
        if !(1..=12).contains(&month) {
            return Err(Diagnostic::error(format!(
                "日期不存在：「{t}」，月份应在 01 到 12 之间"
            )));
        }
        let last = days_in_month(year, month);
        if day == 0 || day > last {
            return Err(Diagnostic::error(format!(
                "日期不存在：「{t}」，{year} 年 {month} 月只有 {last} 天"
            )));
        }
        return Ok(Date { year, month, day });
    }
    let d = Diagnostic::error(format!("日期格式不对：「{t}」"));
    // 「2026年11月27日」「2026/11/27」「2026.11.27」: offer the ISO form.
    let numbers: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    if let [y, m, d2] = numbers[..] {
        if (1000..=9999).contains(&y)
            && (1..=12).contains(&m)
            && d2 >= 1
            && d2 <= days_in_month(y as i32, m)
        {
            return Err(d.with_hint(format!("按 YYYY-MM-DD 填写，应写成 {y:04}-{m:02}-{d2:02}")));
        }
    }
    Err(d.with_hint("按 YYYY-MM-DD 填写，例如 2026-11-27"))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// What a value is, in words for a message: 文本「十二」, 小数 12.5, 列表, …; a number as
/// the user wrote it.
fn describe(v: &Value, path: Path, lit: &Literals) -> String {
    match v {
        Value::Null => "空值 null".into(),
        Value::Bool(b) => format!("布尔值 {b}"),
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() != 0.0) => format!("小数 {}", lit.quote(&path.render(), n)),
        Value::Number(n) => format!("数字 {}", lit.quote(&path.render(), n)),
        Value::String(s) => {
            let shown: String = s.chars().take(20).collect();
            let more = if s.chars().count() > 20 { "…" } else { "" };
            format!("文本「{shown}{more}」")
        }
        Value::Array(_) => "列表".into(),
        Value::Object(_) => "对象".into(),
    }
}

/// Edit distance between two strings, counted in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// Close enough to be a typo: at most one edit in three characters (and at least one).
fn is_close(a: &str, b: &str) -> bool {
    let longest = a.chars().count().max(b.chars().count());
    edit_distance(a, b) <= (longest / 3).max(1)
}

/// The known key closest to an unknown one, when it is close enough to be a typo.
fn closest<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .filter(|k| is_close(unknown, k))
        .min_by_key(|k| edit_distance(unknown, k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q() -> &'static Questionnaire {
        &crate::template::builtin("fazhan-dangyuan").unwrap().questionnaire
    }

    #[test]
    fn a_path_reads_as_join_and_format_would_write_it() {
        let root = Path::Root;
        let basics = Path::Key(&root, "基本情况");
        let yearly = Path::Key(&basics, "分年度发展党员数");
        let item = Path::Item(&yearly, 12);
        assert_eq!(Path::Key(&root, "乡镇名称").render(), join("", "乡镇名称"));
        assert_eq!(Path::Key(&item, "年份").render(), "基本情况.分年度发展党员数[12].年份");
        assert_eq!(item.render(), format!("{}[12]", join("基本情况", "分年度发展党员数")));
        assert_eq!(root.render(), "");
    }

    fn valid() -> Value {
        q().example_answers()
    }

    /// (path, message) of each error.
    fn errors(v: &Value) -> Vec<(String, String)> {
        check(q(), v)
            .into_iter()
            .filter(Diagnostic::is_error)
            .map(|d| (d.path.unwrap_or_default(), d.message))
            .collect()
    }

    fn one_error(v: &Value) -> (String, String) {
        let e = errors(v);
        assert_eq!(e.len(), 1, "{e:?}");
        e.into_iter().next().unwrap()
    }

    fn pair(path: &str, message: &str) -> (String, String) {
        (path.to_owned(), message.to_owned())
    }

    #[test]
    fn builtin_definitions_are_well_formed() {
        for id in crate::template::ids() {
            let q = &crate::template::builtin(id).unwrap().questionnaire;
            assert_eq!(q.id, id);
            fn walk(f: &Field, item: bool) {
                assert_eq!(f.key.is_empty(), item, "{f:?}");
                assert!(!f.label.is_empty() && !f.hint.is_empty(), "{}", f.key);
                match f.kind {
                    FieldType::Object => {
                        assert!(!f.fields.is_empty() && f.items.is_none(), "{}", f.key);
                        let mut keys: Vec<_> = f.fields.iter().map(|f| &f.key).collect();
                        keys.sort();
                        keys.dedup();
                        assert_eq!(keys.len(), f.fields.len(), "duplicate key in {}", f.key);
                        f.fields.iter().for_each(|f| walk(f, false));
                    }
                    FieldType::List => walk(f.items.as_deref().expect("list without items"), true),
                    _ => {
                        assert!(f.fields.is_empty() && f.items.is_none(), "{}", f.key);
                        assert!(f.example.is_some(), "leaf {} without example", f.key);
                    }
                }
            }
            q.fields.iter().for_each(|f| walk(f, false));
            // Every example passes the check: `gongwen init` starts from a valid file.
            assert_eq!(check(q, &q.example_answers()), vec![]);
        }
    }

    #[test]
    fn every_key_of_the_contract_is_defined() {
        let top: Vec<&str> = q().fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            top,
            [
                "乡镇名称",
                "报告标题",
                "党委名称",
                "主送机关",
                "成文日期",
                "自查起始年份",
                "自查截止年份",
                "通知来源",
                "基本情况",
                "主要做法",
                "存在问题",
                "对策建议",
                "下年工作计划"
            ]
        );
        let ex = valid();
        assert!(ex["基本情况"]["分年度发展党员数"][0]["人数"].is_u64());
        assert!(ex["存在问题"]["问题"][0].is_string());
        assert!(ex["对策建议"][0]["标题"].is_string());
    }

    #[test]
    fn top_level_must_be_an_object() {
        let d = check(q(), &json!([1, 2]));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "答案文件的最外层应为对象，实际是列表");
    }

    #[test]
    fn missing_required_and_null() {
        let mut v = valid();
        v.as_object_mut().unwrap().remove("乡镇名称");
        assert_eq!(one_error(&v), pair("乡镇名称", "缺少必填字段「乡镇名称」"));
        let mut v = valid();
        v["基本情况"]["分年度发展党员数"][1]
            .as_object_mut()
            .unwrap()
            .remove("年份");
        assert_eq!(
            one_error(&v),
            pair("基本情况.分年度发展党员数[1].年份", "缺少必填字段「年份」")
        );
        v = valid();
        v["党委名称"] = Value::Null;
        assert_eq!(
            one_error(&v),
            pair("党委名称", "必填字段「党委名称」还没有填写（现在是 null）")
        );
    }

    #[test]
    fn null_and_absent_optional_fields_are_fine() {
        let mut v = valid();
        v["报告标题"] = Value::Null;
        let map = v.as_object_mut().unwrap();
        map.remove("主送机关");
        map.remove("下年工作计划");
        map.insert("$schema".into(), json!("./schema.json"));
        assert_eq!(check(q(), &v), vec![]);
    }

    #[test]
    fn wrong_types_say_what_was_found() {
        let mut v = valid();
        v["基本情况"]["村党组织数"] = json!("十八");
        assert_eq!(
            one_error(&v),
            pair("基本情况.村党组织数", "应为整数，实际是文本「十八」")
        );
        v["基本情况"]["村党组织数"] = json!("18");
        let d = check(q(), &v);
        assert_eq!(d[0].hint.as_deref(), Some("去掉引号，直接写 18"));
        v = valid();
        v["乡镇名称"] = json!(12);
        assert_eq!(one_error(&v), pair("乡镇名称", "应为文本，实际是数字 12"));
        v = valid();
        v["主要做法"] = json!({"标题": "甲"});
        assert_eq!(one_error(&v), pair("主要做法", "应为列表，实际是对象"));
        v = valid();
        v["基本情况"] = json!(true);
        assert_eq!(
            one_error(&v),
            pair("基本情况", "应为对象，实际是布尔值 true")
        );
        v = valid();
        v["自查起始年份"] = json!(2024.5);
        assert_eq!(
            one_error(&v),
            pair("自查起始年份", "应为整数，实际是小数 2024.5")
        );
        v["自查起始年份"] = json!(2024.0);
        assert_eq!(errors(&v), vec![]);
    }

    #[test]
    fn empty_required_text() {
        let mut v = valid();
        v["存在问题"]["问题"][0] = json!("  \u{3000}\n");
        assert_eq!(one_error(&v), pair("存在问题.问题[0]", "不能为空"));
        v = valid();
        v["主要做法"][0]["内容"] = json!("\u{0001}");
        assert_eq!(one_error(&v), pair("主要做法[0].内容", "不能为空"));
        // An optional text may be empty, and so may an item of 下年工作计划.
        v = valid();
        v["主送机关"] = json!("");
        v["下年工作计划"] = json!(["", "明年继续抓好培训。"]);
        assert_eq!(errors(&v), vec![]);
    }

    #[test]
    fn numbers_outside_their_range() {
        let mut v = valid();
        v["基本情况"]["村党组织数"] = json!(-1);
        assert_eq!(
            one_error(&v),
            pair("基本情况.村党组织数", "不能小于 0，实际是 -1")
        );
        v["基本情况"]["村党组织数"] = json!(10000);
        assert_eq!(
            one_error(&v),
            pair("基本情况.村党组织数", "不能大于 9999，实际是 10000")
        );
        v["基本情况"]["村党组织数"] = json!(u64::MAX);
        assert_eq!(
            one_error(&v).1,
            format!("不能大于 9999，实际是 {}", u64::MAX),
            "the number as written, not clamped to i64::MAX"
        );
        v = valid();
        v["基本情况"]["分年度发展党员数"][2]["年份"] = json!(1900);
        assert_eq!(
            one_error(&v),
            pair(
                "基本情况.分年度发展党员数[2].年份",
                "不能小于 1949，实际是 1900"
            )
        );
    }

    #[test]
    fn list_sizes() {
        let mut v = valid();
        v["主要做法"] = json!([]);
        assert_eq!(one_error(&v), pair("主要做法", "不能为空，至少要填 1 项"));
        v = valid();
        v["存在问题"]["问题"] = json!(vec!["问题"; MAX_LIST_ITEMS + 1]);
        assert_eq!(
            one_error(&v),
            pair("存在问题.问题", "项数太多：共 201 项，最多 200 项")
        );
        v = valid();
        v["存在问题"]["问题"] = json!("只有一个问题");
        let (path, message) = one_error(&v);
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("存在问题.问题", "应为列表，实际是文本「只有一个问题」")
        );
    }

    #[test]
    fn text_length_limit() {
        let mut v = valid();
        v["基本情况"]["概述"] = json!("字".repeat(MAX_TEXT_CHARS));
        assert_eq!(errors(&v), vec![]);
        v["基本情况"]["概述"] = json!("字".repeat(MAX_TEXT_CHARS + 1));
        assert_eq!(
            one_error(&v),
            pair("基本情况.概述", "文字太长：共 20001 字，最多 20000 字")
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2026-11-27").unwrap(),
            Date {
                year: 2026,
                month: 11,
                day: 27
            }
        );
        assert_eq!(
            parse_date("2024-02-29").unwrap(),
            Date {
                year: 2024,
                month: 2,
                day: 29
            }
        );
        assert_eq!(
            parse_date("2000-02-29").unwrap(),
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
        );
        assert_eq!(
            parse_date("2026-02-29").unwrap_err().message,
            "日期不存在：「2026-02-29」，2026 年 2 月只有 28 天"
        );
        assert!(parse_date("1900-02-29").is_err());
        assert!(parse_date("2026-04-31").is_err());
        assert!(parse_date("2026-13-01")
            .unwrap_err()
            .message
            .contains("月份"));
        let e = parse_date("2026年11月27日").unwrap_err();
        assert_eq!(e.message, "日期格式不对：「2026年11月27日」");
        assert_eq!(
            e.hint.as_deref(),
            Some("按 YYYY-MM-DD 填写，应写成 2026-11-27")
        );
        assert!(parse_date("2026-1-7").is_err());
        assert!(parse_date("２０２６-11-27").is_err());
        let mut v = valid();
        v["成文日期"] = json!("2026-02-30");
        assert_eq!(
            one_error(&v),
            pair(
                "成文日期",
                "日期不存在：「2026-02-30」，2026 年 2 月只有 28 天"
            )
        );
        v["成文日期"] = json!(20261127);
        assert_eq!(
            one_error(&v),
            pair("成文日期", "应为日期，实际是数字 20261127")
        );
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let mut v = valid();
        let name = v.as_object_mut().unwrap().remove("乡镇名称").unwrap();
        v["乡镇明称"] = name;
        v["基本情况"]["村党组织树"] = json!(3);
        v["备注"] = json!("无");
        let d = check(q(), &v);
        let find = |p: &str| d.iter().find(|d| d.path.as_deref() == Some(p)).unwrap();
        let typo = find("乡镇明称");
        assert!(!typo.is_error());
        assert_eq!(typo.message, "未知字段「乡镇明称」，将被忽略");
        assert_eq!(typo.hint.as_deref(), Some("是否想写：乡镇名称？"));
        let missing = find("乡镇名称");
        assert!(missing.is_error());
        assert_eq!(
            missing.hint.as_deref(),
            Some("文件中有「乡镇明称」，是否把字段名写错了？")
        );
        assert_eq!(
            find("基本情况.村党组织树").hint.as_deref(),
            Some("是否想写：村党组织数？")
        );
        assert_eq!(
            find("备注").hint.as_deref(),
            Some("如果不需要，可以删除这个字段")
        );
        assert_eq!(d.len(), 4); // 3 warnings and the missing 乡镇名称
    }

    #[test]
    fn all_problems_are_reported_at_once() {
        let mut v = valid();
        v.as_object_mut().unwrap().remove("党委名称");
        v["成文日期"] = json!("2026-02-30");
        v["基本情况"]["分年度发展党员数"][1]["年份"] = json!("2025");
        v["主要做法"][0]["标题"] = json!("");
        v["存在问题"]["问题"] = json!([]);
        let paths: Vec<String> = errors(&v).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            paths,
            [
                "党委名称",
                "成文日期",
                "基本情况.分年度发展党员数[1].年份",
                "主要做法[0].标题",
                "存在问题.问题"
            ]
        );
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("乡镇明称", "乡镇名称"), 1);
        assert_eq!(edit_distance("", "甲乙"), 2);
        assert_eq!(edit_distance("自查起始年", "自查起始年份"), 1);
        assert_eq!(closest("乡镇", ["乡镇名称", "党委名称"].into_iter()), None);
    }
}
