//! County-level defaults: a partial answers file merged under each township's own answers.
//!
//! A county fills the answers every township shares (党委名称's pattern aside: 主送机关,
//! 成文日期, 通知来源, a shared 对策建议, …) once, in a file given with `--defaults`. Each
//! township's answers are laid over it: the township wins, objects merge key by key, lists
//! are replaced whole (never concatenated). A township field left unanswered — `null`, a
//! blank text, or a list whose items are all unanswered, as `gongwen init` writes them — takes
//! the county's value, so a blank file from `init` and a defaults file work together.
//!
//! The merge remembers which paths came from the defaults ([`Origins`]), so that a problem in
//! a county value is reported against the county's file, not the township's.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diag::Diagnostic;
use crate::questionnaire::{self, is_blank};

/// A parsed defaults file, reusable for any number of townships.
#[derive(Debug, Clone, PartialEq)]
pub struct Defaults {
    file: String,
    value: Map<String, Value>,
}

/// Which file each part of a merged answers value came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    defaults_file: Option<String>,
    from_defaults: BTreeSet<String>,
}

impl Defaults {
    /// Decodes and parses a defaults file. It is partial, so missing fields are fine; keys the
    /// questionnaire does not know are dropped with a warning (returned once here, so a batch
    /// reports them once, not once per township), and so is `"$schema"`. Errors: the file
    /// cannot be decoded, is not JSON, or is not an object. Every diagnostic names `file`.
    pub fn parse(bytes: &[u8], file: &str, template: &crate::template::Template) -> Result<(Defaults, Vec<Diagnostic>), Vec<Diagnostic>> {
        let in_file = |d: Diagnostic| d.in_file(file);
        let decoded = crate::decode::decode(bytes).map_err(|d| vec![in_file(d)])?;
        let (mut value, mut warnings) = crate::json::parse_with_warnings(&decoded.text).map_err(|d| vec![in_file(d)])?;
        warnings.extend(questionnaire::take_unknown_keys(&template.questionnaire, &mut value));
        let Value::Object(map) = value else {
            return Err(vec![in_file(
                Diagnostic::error("默认值文件的最外层应为对象")
                    .with_hint("整个文件要用一对 { } 括起来，例如 {\"主送机关\": \"县委组织部\"}"),
            )]);
        };
        Ok((
            Defaults {
                file: file.to_owned(),
                value: map,
            },
            warnings.into_iter().map(in_file).collect(),
        ))
    }

    /// The defaults file, as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The defaults' answers (unknown keys removed).
    pub fn value(&self) -> &Map<String, Value> {
        &self.value
    }

    /// Lays a township's answers over the defaults. A township value that is not an object
    /// is returned unchanged (the check reports it).
    pub fn merge_under(&self, township: Value) -> (Value, Origins) {
        let mut origins = Origins {
            defaults_file: Some(self.file.clone()),
            from_defaults: BTreeSet::new(),
        };
        let merged = match township {
            Value::Object(map) => Value::Object(merge_objects(
                map,
                &self.value,
                "",
                &mut origins.from_defaults,
            )),
            other => other,
        };
        (merged, origins)
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

fn merge_objects(
    mut township: Map<String, Value>,
    defaults: &Map<String, Value>,
    prefix: &str,
    from_defaults: &mut BTreeSet<String>,
) -> Map<String, Value> {
    for (key, dv) in defaults {
        let path = join(prefix, key);
        match township.get_mut(key) {
            Some(Value::Object(tv)) if dv.is_object() => {
                let Value::Object(dm) = dv else { continue };
                let tm = std::mem::take(tv);
                *tv = merge_objects(tm, dm, &path, from_defaults);
            }
            Some(tv) if !is_unanswered(tv) => {}
            _ => {
                township.insert(key.clone(), dv.clone());
                from_defaults.insert(path);
            }
        }
    }
    township
}

/// True for a value a clerk has not filled in: `null`, a blank text, or a list or object
/// of nothing but such values (`gongwen init` writes `[{"标题": "", "内容": ""}]`).
pub fn is_unanswered(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => is_blank(s),
        Value::Array(items) => items.iter().all(is_unanswered),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| !k.starts_with('$'))
            .all(|(_, v)| is_unanswered(v)),
        Value::Bool(_) | Value::Number(_) => false,
    }
}

impl Origins {
    /// The file a path's value came from: the defaults file when the path, or its nearest
    /// parent that is recorded, came from there; `None` for the township's own file.
    pub fn defaults_file_of(&self, path: &str) -> Option<&str> {
        let file = self.defaults_file.as_deref()?;
        let mut p = path;
        loop {
            if self.from_defaults.contains(p) {
                return Some(file);
            }
            p = parent(p)?;
        }
    }

    /// Sets each diagnostic's file: the defaults file for a path that came from there,
    /// otherwise `file` (a diagnostic that already names a file keeps it).
    pub fn attribute(&self, diags: Vec<Diagnostic>, file: &str) -> Vec<Diagnostic> {
        diags
            .into_iter()
            .map(|d| {
                if d.file.is_some() {
                    return d;
                }
                let origin = d
                    .path
                    .as_deref()
                    .and_then(|p| self.defaults_file_of(p))
                    .unwrap_or(file)
                    .to_owned();
                d.in_file(origin)
            })
            .collect()
    }
}

/// `a.b[1].c` → `a.b[1]` → `a.b` → `a` → none.
fn parent(path: &str) -> Option<&str> {
    let cut = path.rfind(['.', '['])?;
    Some(&path[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn defaults(v: Value) -> (Defaults, Vec<Diagnostic>) {
        Defaults::parse(v.to_string().as_bytes(), "县.json", &crate::template::default_template()).unwrap()
    }

    #[test]
    fn township_wins_objects_merge_lists_are_replaced() {
        let (d, warnings) = defaults(json!({
            "$schema": "./x.json",
            "主送机关": "县委组织部",
            "成文日期": "2026-11-20",
            "基本情况": {"村党组织数": 9, "概述": "县里的概述"},
            "对策建议": [{"标题": "甲", "内容": "乙"}, {"标题": "丙", "内容": "丁"}]
        }));
        assert_eq!(warnings, vec![]);
        let (merged, origins) = d.merge_under(json!({
            "$schema": "./mine.json",
            "成文日期": "2026-12-01",
            "主送机关": "",
            "基本情况": {"概述": "镇里的概述"},
            "对策建议": [{"标题": "戊", "内容": "己"}]
        }));
        assert_eq!(merged["$schema"], "./mine.json");
        assert_eq!(merged["成文日期"], "2026-12-01");
        assert_eq!(
            merged["主送机关"], "县委组织部",
            "a blank township answer takes the county's"
        );
        assert_eq!(
            merged["基本情况"],
            json!({"概述": "镇里的概述", "村党组织数": 9})
        );
        assert_eq!(merged["对策建议"], json!([{"标题": "戊", "内容": "己"}]));
        assert_eq!(origins.defaults_file_of("主送机关"), Some("县.json"));
        assert_eq!(
            origins.defaults_file_of("基本情况.村党组织数"),
            Some("县.json")
        );
        assert_eq!(origins.defaults_file_of("基本情况.概述"), None);
        assert_eq!(origins.defaults_file_of("基本情况"), None);
        assert_eq!(origins.defaults_file_of("对策建议[0].标题"), None);
    }

    #[test]
    fn unanswered_lists_take_the_county_list() {
        let (d, _) = defaults(json!({"对策建议": [{"标题": "甲", "内容": "乙"}]}));
        let (merged, origins) = d.merge_under(json!({"对策建议": [{"标题": "", "内容": " "}]}));
        assert_eq!(merged["对策建议"], json!([{"标题": "甲", "内容": "乙"}]));
        assert_eq!(
            origins.defaults_file_of("对策建议[0].内容"),
            Some("县.json")
        );
        let (merged, _) = d.merge_under(json!({"对策建议": []}));
        assert_eq!(merged["对策建议"][0]["标题"], "甲");
    }

    #[test]
    fn unknown_keys_are_reported_once_and_dropped() {
        let (d, warnings) =
            defaults(json!({"主送机观": "县委组织部", "基本情况": {"村党组织树": 3}}));
        let shown: Vec<(Option<&str>, Option<&str>, Option<&str>)> = warnings
            .iter()
            .map(|w| (w.file.as_deref(), w.path.as_deref(), w.hint.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    Some("县.json"),
                    Some("主送机观"),
                    Some("是否想写：主送机关？")
                ),
                (
                    Some("县.json"),
                    Some("基本情况.村党组织树"),
                    Some("是否想写：村党组织数？")
                ),
            ]
        );
        assert!(warnings.iter().all(|w| !w.is_error()));
        assert_eq!(Value::Object(d.value().clone()), json!({"基本情况": {}}));
    }

    #[test]
    fn a_broken_defaults_file_names_itself() {
        let e = Defaults::parse(b"[1]", "county.json", &crate::template::default_template()).unwrap_err();
        assert_eq!(e[0].file.as_deref(), Some("county.json"));
        let e = Defaults::parse(b"{\"a\": }", "county.json", &crate::template::default_template()).unwrap_err();
        assert!(e[0].line.is_some() && e[0].file.as_deref() == Some("county.json"));
    }

    #[test]
    fn attribute_uses_the_nearest_parent() {
        let (d, _) = defaults(json!({"主要做法": [{"标题": "甲"}]}));
        let (_, origins) = d.merge_under(json!({}));
        let diags = origins.attribute(
            vec![
                Diagnostic::error("x").at("主要做法[0].内容"),
                Diagnostic::error("y").at("乡镇名称"),
                Diagnostic::error("z"),
            ],
            "镇.json",
        );
        let files: Vec<_> = diags.iter().map(|d| d.file.as_deref().unwrap()).collect();
        assert_eq!(files, ["县.json", "镇.json", "镇.json"]);
        assert_eq!(parent("a.b[1].c"), Some("a.b[1]"));
        assert_eq!(parent("a"), None);
    }
}
