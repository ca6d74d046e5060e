//! `gongwen validate`: every problem of an answers file at once, without writing a report.
//!
//! Runs the input stages ([`crate::answers`]) and reports what rendering would report: errors
//! (a missing required field, a wrong type, a rule between fields broken, a title that would
//! be left empty) and warnings (an unknown key, a placeholder such as 「XX」 left in an
//! answer). Placeholders are found in the answers themselves, with the field path of each,
//! even when other fields have errors.

use serde_json::Value;

use crate::answers;
use crate::defaults::Defaults;
use crate::diag::Diagnostic;
use crate::passes::placeholders;
use crate::questionnaire::{Field, FieldType, Questionnaire};
use crate::template::Template;

/// Checks an answers file (laid over `defaults` when given) against the questionnaire and
/// the template, and returns every finding, errors and warnings, each naming the file its
/// value came from. No errors means `render` would succeed (without `--strict`).
pub fn validate(
    bytes: &[u8],
    file: &str,
    defaults: Option<&Defaults>,
    template: &Template,
) -> Vec<Diagnostic> {
    let (value, origins, mut diags, literals) = match answers::read(bytes, file, defaults) {
        Ok(read) => read,
        Err(errors) => return errors,
    };
    match answers::from_json_quoting(template, &value, &literals) {
        Ok((answers, warnings)) => {
            diags.extend(warnings);
            // The template and the passes can still refuse valid answers (a title that is
            // nothing but placeholders); their placeholder warnings are found below.
            if let Err(found) = crate::render::document(&answers, template) {
                diags.extend(found.into_iter().filter(Diagnostic::is_error));
            }
        }
        Err(problems) => diags.extend(problems),
    }
    diags.extend(placeholder_warnings(&template.questionnaire, &value));
    origins.attribute(diags, file)
}

/// One warning per text answer that holds placeholders (XX, 某某, 20XX, …), naming its
/// field path and the placeholders found.
pub fn placeholder_warnings(q: &Questionnaire, value: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Value::Object(map) = value {
        for f in &q.fields {
            if let Some(v) = map.get(&f.key) {
                walk(f, v, &f.key, &mut out);
            }
        }
    }
    out
}

fn walk(f: &Field, v: &Value, path: &str, out: &mut Vec<Diagnostic>) {
    match (f.kind, v) {
        (FieldType::Text, Value::String(s)) => {
            let mut found: Vec<String> = Vec::new();
            for p in placeholders::find(s) {
                if !found.contains(&p.text) {
                    found.push(p.text);
                }
            }
            if !found.is_empty() {
                let shown: String = found.iter().map(|t| format!("「{t}」")).collect();
                out.push(
                    Diagnostic::warning(format!("含占位符{shown}"))
                        .at(path)
                        .with_hint("请填写实际内容；生成报告时含占位符的分句会被删除，使用 --strict 时不会生成报告"),
                );
            }
        }
        (FieldType::Object, Value::Object(map)) => {
            for sub in &f.fields {
                if let Some(v) = map.get(&sub.key) {
                    walk(sub, v, &format!("{path}.{}", sub.key), out);
                }
            }
        }
        (FieldType::List, Value::Array(items)) => {
            if let Some(item) = &f.items {
                for (i, v) in items.iter().enumerate().take(crate::limits::MAX_LIST_ITEMS) {
                    walk(item, v, &format!("{path}[{i}]"), out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;
    use serde_json::json;

    fn tpl() -> &'static Template {
        crate::template::builtin(crate::template::DEFAULT_TEMPLATE).unwrap()
    }

    fn example() -> Value {
        tpl().questionnaire.example_answers()
    }

    #[test]
    fn clean_answers_give_nothing() {
        assert_eq!(
            validate(example().to_string().as_bytes(), "a.json", None, tpl()),
            vec![]
        );
    }

    #[test]
    fn placeholders_are_warnings_with_paths_even_beside_errors() {
        let mut v = example();
        v["基本情况"]["概述"] = json!("全镇共有党员XX名，某某同志XX岁。");
        v["主要做法"][0]["标题"] = json!("20XX年以来");
        v["存在问题"]["问题"] = json!(["一", "○○村"]);
        v.as_object_mut().unwrap().remove("党委名称");
        let d = validate(v.to_string().as_bytes(), "a.json", None, tpl());
        let shown: Vec<(Severity, &str, &str)> = d
            .iter()
            .map(|d| (d.severity, d.path.as_deref().unwrap(), d.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (Severity::Error, "党委名称", "缺少必填字段「党委名称」"),
                (Severity::Warning, "基本情况.概述", "含占位符「XX」「某某」"),
                (Severity::Warning, "主要做法[0].标题", "含占位符「20XX」"),
                (Severity::Warning, "存在问题.问题[1]", "含占位符「○○」"),
            ]
        );
        assert!(d.iter().all(|d| d.file.as_deref() == Some("a.json")));
    }

    #[test]
    fn a_title_of_only_placeholders_is_an_error_as_in_render() {
        let mut v = example();
        v["报告标题"] = json!("XXXX");
        let d = validate(v.to_string().as_bytes(), "a.json", None, tpl());
        assert!(d.iter().any(Diagnostic::is_error), "{d:#?}");
    }

    #[test]
    fn syntax_errors_come_back_alone() {
        let d = validate(b"{\"a\": ", "a.json", None, tpl());
        assert_eq!(d.len(), 1);
        assert!(d[0].is_error() && d[0].line.is_some());
    }
}
