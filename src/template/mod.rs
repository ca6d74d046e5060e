//! Report kinds: each one a folder of data, `templates/<id>/`, read into one [`Template`].
//!
//! A kind is its manifest (`template.json`: name, sections, document date, see
//! [`Manifest`]), its questionnaire (`questionnaire.json`, see [`crate::questionnaire`]) and
//! its skeleton (`report.hbs`). The skeleton holds the fixed wording and the order of the
//! report, never numbers (the numbering pass adds them); filled with the answers it gives a
//! small markup that [`markup::read_markup`] turns into the typed model.
//!
//! A [`Template`] owns all three, with the skeleton compiled once into its own Handlebars
//! registry, and is shared as an `Arc`: a batch renders every township with one compiled
//! skeleton, and a kind loaded at run time lives exactly as long as the commands using it.
//! The built-in kinds are the folders under `templates/`, embedded by [`builtin!`]; their
//! ids, questionnaires and skeletons are listed nowhere else.

mod manifest;
pub mod markup;

use std::sync::{Arc, OnceLock};

use handlebars::Handlebars;
use serde_json::{json, Map, Value};

pub use manifest::{Manifest, Section};
pub use markup::read_markup;

use crate::answers::Answers;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::numerals::chinese_number;
use crate::questionnaire::Questionnaire;
use markup::{tagged, tagged_item};

/// The kind used when none is named.
pub const DEFAULT_TEMPLATE: &str = "fazhan-dangyuan";

/// The name the skeleton is registered under in its template's own registry.
const SKELETON: &str = "report.hbs";

/// A report kind, read and checked: manifest, questionnaire and compiled skeleton.
pub struct Template {
    pub manifest: Manifest,
    pub questionnaire: Questionnaire,
    /// The Handlebars source of the skeleton, as written.
    source: String,
    /// The skeleton, compiled once, with the escape function every `{{value}}` goes through.
    registry: Handlebars<'static>,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template").field("id", &self.id()).finish_non_exhaustive()
    }
}

impl Template {
    /// Reads a kind from the text of its three files. The error is a Chinese sentence that
    /// names the file at fault (by its name inside the folder).
    pub fn from_sources(manifest: &str, questionnaire: &str, skeleton: &str) -> Result<Template, String> {
        let questionnaire: Questionnaire =
            serde_json::from_str(questionnaire).map_err(|e| format!("questionnaire.json 格式不对：{e}"))?;
        let manifest = Manifest::parse(manifest, &questionnaire).map_err(|e| format!("template.json {e}"))?;
        let mut registry = Handlebars::new();
        registry.register_escape_fn(markup::escape_value);
        registry
            .register_template_string(SKELETON, skeleton)
            .map_err(|e| format!("report.hbs 无法解析：{e}"))?;
        Ok(Template { manifest, questionnaire, source: skeleton.to_owned(), registry })
    }

    /// Short id used on the command line (`--template fazhan-dangyuan`).
    pub fn id(&self) -> &str {
        &self.manifest.id
    }

    /// Chinese name shown to users.
    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// The Handlebars source of the skeleton.
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// The three files of a built-in kind, embedded in the binary.
struct Sources {
    id: &'static str,
    manifest: &'static str,
    questionnaire: &'static str,
    skeleton: &'static str,
}

/// Embeds the folder `templates/<id>/`: the id is written once, here, and names the folder.
macro_rules! builtin {
    ($id:literal) => {
        Sources {
            id: $id,
            manifest: include_str!(concat!("../../templates/", $id, "/template.json")),
            questionnaire: include_str!(concat!("../../templates/", $id, "/questionnaire.json")),
            skeleton: include_str!(concat!("../../templates/", $id, "/report.hbs")),
        }
    };
}

/// The kinds compiled into the binary (a test checks that this is every folder of
/// `templates/`).
const BUILTIN: &[Sources] = &[builtin!("fazhan-dangyuan")];

/// The built-in kinds, read once per process.
fn builtins() -> &'static [Arc<Template>] {
    static PARSED: OnceLock<Vec<Arc<Template>>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|s| {
                // The folders ship inside the binary and a test reads each one: a broken one
                // is a build defect, so failing loudly here is right.
                let t = Template::from_sources(s.manifest, s.questionnaire, s.skeleton)
                    .unwrap_or_else(|e| panic!("built-in template {}: {e}", s.id));
                assert_eq!(t.id(), s.id, "built-in template folder and id differ");
                Arc::new(t)
            })
            .collect()
    })
}

/// The ids of the built-in kinds, for messages.
pub fn ids() -> Vec<&'static str> {
    BUILTIN.iter().map(|s| s.id).collect()
}

/// A built-in kind by id, for the program's own use and tests.
pub fn builtin(id: &str) -> Option<&'static Arc<Template>> {
    builtins().iter().find(|t| t.id() == id)
}

/// Looks a kind up by id.
pub fn find(id: &str) -> Option<Arc<Template>> {
    builtin(id).cloned()
}

/// The kind used when none is named.
pub fn default_template() -> Arc<Template> {
    find(DEFAULT_TEMPLATE).expect("the default template is built in")
}

/// The values the skeleton sees: every answer text tagged with its path, plus the derived
/// values (total, years in Chinese, the date as printed) computed here rather than in
/// template helpers so they can be unit-tested.
pub fn context(a: &Answers) -> Value {
    let mut c = Map::new();
    c.insert("乡镇名称".into(), tagged("乡镇名称", &a.township));
    if let Some(t) = &a.report_title {
        c.insert("报告标题".into(), tagged("报告标题", t));
    }
    c.insert("党委名称".into(), tagged("党委名称", &a.committee));
    if let Some(r) = &a.recipient {
        c.insert("主送机关".into(), tagged("主送机关", r));
    }
    c.insert("成文日期".into(), tagged("成文日期", &a.date.to_chinese()));
    c.insert("起始年份".into(), json!(a.start_year));
    c.insert("截止年份".into(), json!(a.end_year));
    c.insert("年数".into(), tagged("自查起始年份", &chinese_number(u64::from(a.years_covered()))));
    let period = if a.start_year == a.end_year {
        format!("{}年", a.start_year)
    } else {
        format!("{}年至{}年", a.start_year, a.end_year)
    };
    c.insert("自查期间".into(), json!(period));
    if let Some(n) = &a.notice_source {
        c.insert("通知来源".into(), tagged("通知来源", n));
    }
    c.insert("全域".into(), json!(whole_area(&a.township)));

    let b = &a.basics;
    c.insert("概述".into(), tagged("基本情况.概述", &b.overview));
    c.insert("村党组织数".into(), json!(b.village_organisations));
    if let Some(n) = b.organisers {
        c.insert("组织员人数".into(), json!(n));
    }
    c.insert("发展党员总数".into(), json!(a.total_recruited()));
    let mut years = b.yearly.clone();
    years.sort_by_key(|y| y.year);
    let detail: Vec<String> = years.iter().map(|y| format!("{}年{}名", y.year, y.count)).collect();
    c.insert("分年度明细".into(), json!(detail.join("、")));
    match b.villages_without_new_members {
        Some(0) => {
            c.insert("无未发展村".into(), json!(true));
        }
        Some(n) => {
            c.insert("未发展村数".into(), json!(n));
        }
        None => {}
    }

    let titled = |key: &str, items: &[crate::answers::TitledItem]| -> Value {
        let item = |(i, it): (usize, &crate::answers::TitledItem)| {
            let mut m = Map::new();
            m.insert("标题".to_owned(), tagged_item(key, i, "标题", &it.title));
            m.insert("内容".to_owned(), tagged_item(key, i, "内容", &it.content));
            Value::Object(m)
        };
        Value::Array(items.iter().enumerate().map(item).collect())
    };
    let texts = |key: &str, items: &[String]| -> Value {
        Value::Array(items.iter().enumerate().map(|(i, t)| tagged_item(key, i, "", t)).collect())
    };
    c.insert("主要做法".into(), titled("主要做法", &a.practices));
    if let Some(intro) = &a.problems.intro {
        c.insert("问题引言".into(), tagged("存在问题.引言", intro));
    }
    c.insert("问题".into(), texts("存在问题.问题", &a.problems.items));
    c.insert("对策建议".into(), titled("对策建议", &a.suggestions));
    if !a.next_year_plan.is_empty() {
        c.insert("下年工作计划".into(), texts("下年工作计划", &a.next_year_plan));
    }
    Value::Object(c)
}

/// 「全镇」「全乡」「全街道」 from the township's name; nothing when the name does not say.
fn whole_area(township: &str) -> String {
    ["街道", "镇", "乡"]
        .iter()
        .find(|suffix| township.ends_with(*suffix))
        .map(|suffix| format!("全{suffix}"))
        .unwrap_or_default()
}

/// Fills the skeleton of `template` with the answers and reads the result into a document.
pub fn build(template: &Template, answers: &Answers) -> Result<Document, Diagnostic> {
    let markup = render_context(template, handlebars::Context::from(context(answers)))
        .map_err(|e| Diagnostic::error(format!("模板「{}」无法填写：{e}", template.id())))?;
    let mut doc = read_markup(&markup).map_err(|e| Diagnostic::error(format!("模板「{}」{e}", template.id())))?;
    doc.meta.date = Some(answers.date);
    Ok(doc)
}

/// Fills the skeleton with a [`context`]: the markup that [`read_markup`] reads.
pub fn render_markup(template: &Template, context: &Value) -> Result<String, String> {
    render_context(template, handlebars::Context::from(context.clone()))
}

/// [`render_markup`] of a context that Handlebars takes as it is. `Registry::render` would
/// first serialise the value into a new one (`Context::wraps`), a deep copy of every answer
/// text: measured with callgrind, that copy and its drop were about 30k instructions of a
/// report.
fn render_context(template: &Template, context: handlebars::Context) -> Result<String, String> {
    template.registry.render_with_context(SKELETON, &context).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_folder_of_templates_is_built_in_once() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut folders: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().unwrap().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        folders.sort();
        let mut built_in = ids();
        built_in.sort();
        assert_eq!(built_in, folders);
        for id in ids() {
            let t = builtin(id).unwrap();
            assert_eq!((t.id(), t.questionnaire.id.as_str()), (id, id));
        }
        assert!(find("no-such-template").is_none());
        assert_eq!(default_template().id(), DEFAULT_TEMPLATE);
    }

    #[test]
    fn the_manifest_names_the_sections_check_expects() {
        // Until `check` takes its sections from the template, the two lists must agree.
        let t = default_template();
        assert_eq!(t.manifest.section_titles(), crate::check::STANDARD_SECTIONS);
        assert_eq!(t.name(), "发展党员工作自查报告");
        assert_eq!(t.manifest.document_date, "成文日期");
    }

    #[test]
    fn a_broken_folder_is_refused_with_the_file_named() {
        let t = default_template();
        let q = serde_json::to_string(&t.questionnaire).unwrap();
        let m = include_str!("../../templates/fazhan-dangyuan/template.json");
        let err = |m: &str, q: &str, s: &str| Template::from_sources(m, q, s).unwrap_err();
        assert!(err(m, "{", "").starts_with("questionnaire.json 格式不对"));
        assert!(err("{\"id\": 1}", &q, "").starts_with("template.json 格式不对"));
        let other_date = m.replace("\"成文日期\"", "\"乡镇名称\"");
        assert!(err(&other_date, &q, "").contains("document_date「乡镇名称」"));
        let later = m.replace("\"format\": 1", "\"format\": 2");
        assert!(err(&later, &q, "").contains("版本 1"));
        assert!(err(m, &q, "@p {{#if a}}").starts_with("report.hbs 无法解析"));
        assert!(Template::from_sources(m, &q, t.source()).is_ok());
    }

    #[test]
    fn whole_area_follows_the_name() {
        assert_eq!(whole_area("青山镇"), "全镇");
        assert_eq!(whole_area("石门乡"), "全乡");
        assert_eq!(whole_area("城关街道"), "全街道");
        assert_eq!(whole_area("某地"), "");
    }

    #[test]
    fn skeleton_types_no_numbers_and_no_triple_stash() {
        let typed_number = regex::Regex::new(r"^(?:[一二三四五六七八九十]+[、是]|（[一二三四五六七八九十]+）|\d+[.．])").unwrap();
        for id in ids() {
            let source = builtin(id).unwrap().source();
            assert!(!source.contains("{{{"), "{id} must not bypass escaping");
            for line in source.lines().filter(|l| l.starts_with('@')) {
                let body = line.split_once(' ').map(|x| x.1).unwrap_or("");
                assert!(!typed_number.is_match(body), "numbering belongs to the converter: {line}");
            }
        }
    }
}
