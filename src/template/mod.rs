//! Report kinds: each one a folder of data, `templates/<id>/`, read into one [`Template`].
//!
//! A kind is its manifest (`template.json`: name, sections, document date, see
//! [`Manifest`]), its questionnaire (`questionnaire.json`, see [`crate::questionnaire`]) and
//! its skeleton (`report.hbs`). The skeleton holds the fixed wording and the order of the
//! report, never numbers (the numbering pass adds them); filled with the answers it gives a
//! small markup that [`markup::read_markup`] turns into the typed model. The skeleton is
//! written in the questionnaire's own keys ([`values`]) and the manifest's derived values
//! (`{{$年数}}`), with the helpers of [`helpers`].
//!
//! A [`Template`] owns all three, with the skeleton compiled once into its own Handlebars
//! registry, and is shared as an `Arc`: a batch renders every township with one compiled
//! skeleton, and a kind loaded at run time lives exactly as long as the commands using it.
//! The built-in kinds are the folders under `templates/`, embedded by [`builtin!`]; their
//! ids, questionnaires and skeletons are listed nowhere else.

mod folder;
pub mod helpers;
pub mod lint;
pub mod new;
mod lookup;
mod manifest;
pub mod markup;
pub mod names;
mod source;
pub mod values;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use handlebars::Handlebars;
use serde_json::Value;

pub use lookup::{find, list, search_folders, FindError, Listed, Origin, Place};
pub use folder::load_folder;
pub use manifest::{Derived, Manifest, Section};
pub use markup::read_markup;

use crate::answers::Answers;
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::questionnaire::Questionnaire;
use markup::tagged;

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
    /// The derived values' expressions, compiled once. They are not escaped: their text is
    /// escaped once, where the skeleton prints it.
    derived: Handlebars<'static>,
    /// The context key of each derived value, `$name`, in the manifest's order.
    derived_keys: Vec<String>,
    /// Where the kind was read from.
    pub origin: Origin,
    /// Each partial's file inside the folder and its text, as written (for lint).
    partials: Vec<(String, String)>,
}

/// The text of a kind's files, as read from its folder (or embedded).
pub struct Parts<'a> {
    pub manifest: &'a str,
    pub questionnaire: &'a str,
    pub skeleton: &'a str,
    /// Each partial: its name (`{{> 名称}}`), its file inside the folder, its text.
    pub partials: &'a [(String, String, String)],
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template").field("id", &self.id()).finish_non_exhaustive()
    }
}

impl Template {
    /// Reads a kind from the text of its three files (no partials).
    pub fn from_sources(manifest: &str, questionnaire: &str, skeleton: &str) -> Result<Template, String> {
        Template::from_parts(&Parts { manifest, questionnaire, skeleton, partials: &[] })
    }

    /// Reads a kind from the text of its files and checks it whole: the manifest against
    /// the questionnaire, the skeleton's and partials' syntax, and every name they use (see
    /// [`names`]). The error is one Chinese line per problem, each naming the file at fault
    /// (by its name inside the folder) and, where known, its line and column.
    pub fn from_parts(parts: &Parts<'_>) -> Result<Template, String> {
        let questionnaire: Questionnaire =
            serde_json::from_str(parts.questionnaire).map_err(|e| format!("questionnaire.json {}", source::json_problem(&e)))?;
        let fields = crate::questionnaire::check_definition(&questionnaire);
        if !fields.is_empty() {
            return Err(fields
                .iter()
                .map(|p| match source::field_line(parts.questionnaire, &p.keys) {
                    _ if p.keys.is_empty() => format!("questionnaire.json {}", p.message),
                    Some(line) => format!("questionnaire.json 第 {line} 行：字段「{}」：{}", p.path(), p.message),
                    None => format!("questionnaire.json 字段「{}」：{}", p.path(), p.message),
                })
                .collect::<Vec<_>>()
                .join("\n"));
        }
        crate::rules::check_definition(&questionnaire).map_err(|e| match source::rule_line(&questionnaire, parts.questionnaire) {
            Some(line) => format!("questionnaire.json 第 {line} 行：{e}"),
            None => format!("questionnaire.json {e}"),
        })?;
        let manifest = Manifest::parse(parts.manifest, &questionnaire).map_err(|e| format!("template.json {e}"))?;
        let mut registry = Handlebars::new();
        registry.register_escape_fn(markup::escape_value);
        helpers::register(&mut registry);
        let mut budget = source::MAX_EXPRESSIONS;
        let mut partials = HashMap::new();
        for (name, file, text) in parts.partials {
            let parsed = source::compile(file, text, &mut budget)?;
            partials.insert(name.clone(), (file.clone(), parsed.clone()));
            registry.register_template(name, parsed);
        }
        let skeleton = source::compile(SKELETON, parts.skeleton, &mut budget)?;
        registry.register_template(SKELETON, skeleton.clone());
        let mut derived = Handlebars::new();
        derived.register_escape_fn(handlebars::no_escape);
        helpers::register(&mut derived);
        let mut derived_names = Vec::new();
        let mut problems = Vec::new();
        let no_partials = HashMap::new();
        for d in &manifest.derived {
            let file = format!("template.json 中 derived「{}」", d.name);
            let parsed = source::compile(&file, &d.value, &mut budget)?;
            let known = names::Known { fields: &questionnaire.fields, derived: &derived_names, partials: &no_partials };
            problems.extend(names::check(&parsed, &file, &known));
            derived.register_template(&d.name, parsed);
            derived_names.push(d.name.clone());
        }
        let known = names::Known { fields: &questionnaire.fields, derived: &derived_names, partials: &partials };
        problems.extend(names::check(&skeleton, SKELETON, &known));
        if !problems.is_empty() {
            return Err(problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
        }
        let derived_keys = manifest.derived.iter().map(|d| format!("${}", d.name)).collect();
        let partials = parts.partials.iter().map(|(_, file, text)| (file.clone(), text.clone())).collect();
        Ok(Template { manifest, questionnaire, source: parts.skeleton.to_owned(), registry, derived, derived_keys, origin: Origin::BuiltIn, partials })
    }

    /// The Handlebars context of a report: the answers' values, then each derived value
    /// computed over them (and over the derived values before it).
    fn context(&self, values: Value) -> Result<handlebars::Context, String> {
        let mut context = handlebars::Context::from(values);
        for (d, key) in self.manifest.derived.iter().zip(&self.derived_keys) {
            let text = self
                .derived
                .render_with_context(&d.name, &context)
                .map_err(|e| format!("derived「{}」：{}", d.name, source::render_problem(&e)))?;
            if let Value::Object(map) = context.data_mut() {
                map.insert(key.clone(), derived_value(text, d.source.as_deref()));
            }
        }
        Ok(context)
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
const BUILTIN: &[Sources] = &[
    builtin!("fazhan-dangyuan"),
    builtin!("dangfeng-lianzheng"),
    builtin!("shuzhi-dangjian"),
    builtin!("yishixingtai"),
];

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

/// The kind used when none is named: the built-in one, whatever the search folders hold.
pub fn default_template() -> Arc<Template> {
    builtin(DEFAULT_TEMPLATE).expect("the default template is built in").clone()
}

/// Fills the skeleton of `template` with the answers and reads the result into a document.
pub fn build(template: &Template, answers: &Answers) -> Result<Document, Diagnostic> {
    let fail = |e: String| Diagnostic::error(format!("模板「{}」无法填写：{e}", template.id()));
    let context = template.context(answers.values.clone()).map_err(fail)?;
    let markup = render_context(template, &context).map_err(fail)?;
    let mut doc = read_markup(&markup).map_err(|e| Diagnostic::error(format!("模板「{}」{e}", template.id())))?;
    doc.meta.date = Some(answers.date);
    Ok(doc)
}

/// The values the skeleton sees: the answers' values (see [`values`]) and the manifest's
/// derived values as `$name`.
pub fn context(template: &Template, answers: &Answers) -> Result<Value, String> {
    template.context(answers.values.clone()).map(|c| c.data().clone())
}

/// Fills the skeleton with a [`context`]: the markup that [`read_markup`] reads.
pub fn render_markup(template: &Template, context: &Value) -> Result<String, String> {
    render_context(template, &handlebars::Context::from(context.clone()))
}

/// The skeleton filled with a context that Handlebars takes as it is. `Registry::render`
/// would first serialise the value into a new one (`Context::wraps`), a deep copy of every
/// answer text: measured with callgrind, that copy and its drop were about 30k
/// instructions of a report.
fn render_context(template: &Template, context: &handlebars::Context) -> Result<String, String> {
    template.registry.render_with_context(SKELETON, context).map_err(|e| source::render_problem(&e))
}

/// A derived value as the skeleton sees it: tagged with its source when it has one; a
/// number when it reads as one (so `eq` and `#if` treat it as a number); text otherwise.
fn derived_value(text: String, source: Option<&str>) -> Value {
    if let Some(path) = source {
        return tagged(path, &helpers::untag(&text));
    }
    match text.parse::<i64>() {
        Ok(n) if n.to_string() == text => Value::from(n),
        _ => Value::String(text),
    }
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
        assert!(find("no-such-template").is_err());
        assert_eq!(default_template().id(), DEFAULT_TEMPLATE);
    }

    #[test]
    fn the_manifest_names_the_sections_check_expects() {
        let t = default_template();
        assert_eq!(crate::check::CheckOptions::default().sections, t.manifest.sections);
        assert_eq!(t.manifest.section_titles(), ["基本情况", "主要做法", "存在问题", "对策建议"]);
        assert_eq!(t.name(), "发展党员工作自查报告");
        assert_eq!(t.manifest.document_date, "成文日期");
    }

    #[test]
    fn a_broken_folder_is_refused_with_the_file_named() {
        let t = default_template();
        let q = serde_json::to_string(&t.questionnaire).unwrap();
        let m = include_str!("../../templates/fazhan-dangyuan/template.json");
        let err = |m: &str, q: &str, s: &str| Template::from_sources(m, q, s).unwrap_err();
        assert_eq!(err(m, "{", ""), "questionnaire.json 第 1 行第 1 列：格式不对，文件不完整（括号或引号没有闭合）");
        assert_eq!(err("{\"id\": 1}", &q, ""), "template.json 第 1 行第 8 列：格式不对，值的类型不对（应为文字（加引号））");
        let other_date = m.replace("\"成文日期\"", "\"乡镇名称\"");
        assert!(err(&other_date, &q, "").contains("document_date「乡镇名称」"));
        let later = m.replace("\"format\": 1", "\"format\": 2");
        assert!(err(&later, &q, "").contains("版本 1"));
        assert!(err(m, &q, "@p {{#if a}}").starts_with("report.hbs 第 1 行"), "{}", err(m, &q, "@p {{#if a}}"));
        let unknown_source = m.replace("\"source\": \"自查起始年份\"", "\"source\": \"起始年份\"");
        assert!(err(&unknown_source, &q, "").contains("source「起始年份」不是问卷中的字段"));
        let twice = m.replace("\"name\": \"全域\"", "\"name\": \"年数\"");
        assert!(err(&twice, &q, "").contains("derived「年数」重复定义"));
        let dollar = m.replace("\"name\": \"全域\"", "\"name\": \"$全域\"");
        assert!(err(&dollar, &q, "").contains("不能含 $"));
        let broken = m.replace("{{area 乡镇名称}}", "{{#if 乡镇名称}}");
        assert!(err(&broken, &q, "").starts_with("template.json 中 derived「全域」 第 1 行"), "{}", err(&broken, &q, ""));
        let unknown = m.replace("{{area 乡镇名称}}", "{{area 乡镇}}");
        assert_eq!(err(&unknown, &q, t.source()), "template.json 中 derived「全域」 第 1 行第 1 列：「乡镇」不是问卷中的字段（也不是函数）：填写时会是空白");
        // A derived value may use the ones before it, not those after.
        let later = m.replace("{{area 乡镇名称}}", "{{$发展党员总数}}");
        assert!(err(&later, &q, t.source()).contains("derived 中没有「发展党员总数」"));
        assert!(Template::from_sources(m, &q, t.source()).is_ok());
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
