//! The walk over an answers value and its definition: objects, lists, unknown keys and the
//! path of each value; the leaves are checked by [`super::leaf`].

use serde_json::{Map, Value};

use super::leaf::{self, describe};
use super::typo::{closest, is_close};
use super::{Field, FieldType, Questionnaire};
use crate::diag::{push_capped, Diagnostic};
use crate::json::Literals;
use crate::limits::MAX_LIST_ITEMS;

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

pub(super) fn join(prefix: &str, key: &str) -> String {
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
pub(super) enum Path<'a> {
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
    pub(super) fn render(&self) -> String {
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
pub(super) fn field_hint(f: &Field) -> String {
    let mut hint = format!("{}：{}", f.label, f.hint);
    if let Some(example) = f.example.as_ref().filter(|_| f.kind != FieldType::List) {
        let shown = match example {
            Value::String(s) => s.lines().next().unwrap_or("").to_owned(),
            other => other.to_string(),
        };
        hint.push_str(&format!("，例如：{shown}"));
    }
    if f.kind == FieldType::Choice && !f.choices.is_empty() {
        hint.push_str(&format!("（可选：{}）", f.choices.join("、")));
    }
    hint
}

pub(super) fn check_value(f: &Field, v: &Value, path: Path, lit: &Literals, out: &mut Vec<Diagnostic>) {
    let wrong_type = |hint: Option<String>| leaf::wrong_type(f, v, path, lit, hint);
    match f.kind {
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
                } else if let Some(max) = f.max_items.filter(|&max| items.len() > max) {
                    push_capped(out,
                        Diagnostic::error(format!("项数太多：共 {} 项，最多 {max} 项", items.len()))
                            .at(path.render())
                            .with_hint(format!("{}：请合并或删减到 {max} 项以内", f.label)),
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
        _ => leaf::check(f, v, path, lit, out),
    }
}
