//! A report kind's manifest, `templates/<id>/template.json`: what the kind is called, the
//! level-1 sections its reports have, and which answers give the document's date.
//!
//! The manifest is data an author writes, so it is read strictly (unknown keys are errors)
//! and checked against the questionnaire when the kind is loaded, before any answers are.

use serde::Deserialize;

use crate::questionnaire::{FieldType, Questionnaire};

/// The manifest format this build reads.
pub const FORMAT: u32 = 1;

/// The parsed `template.json`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Short id used on the command line; the same as the questionnaire's `id`.
    pub id: String,
    /// Chinese name shown to users, e.g. 「发展党员工作自查报告」.
    pub name: String,
    /// The manifest format, [`FORMAT`]: a later format is refused rather than misread.
    pub format: u32,
    /// The level-1 sections of the report, in order.
    pub sections: Vec<Section>,
    /// The top-level date field that is the 成文日期, also written to the document's
    /// properties.
    pub document_date: String,
    /// Values computed from the answers, in order (a later one may use an earlier one).
    #[serde(default)]
    pub derived: Vec<Derived>,
    /// Switches of the kind that a county may turn on by editing its copy, each `$name` in
    /// the skeleton (`{{#if $分年度表格}}`): true or false, never from the answers.
    #[serde(default)]
    pub options: Vec<Setting>,
}

/// One switch of [`Manifest::options`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    pub name: String,
    /// Whether it is on.
    pub on: bool,
    /// What it does, for the author (not used by the program).
    #[serde(default)]
    pub hint: Option<String>,
}

/// A value computed from the answers by a Handlebars expression over them and the helpers
/// (see [`super::helpers`]); the skeleton reads it as `{{$name}}`. Answers ignore keys
/// starting with `$`, so a derived name never collides with a field.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    pub name: String,
    /// The expression, e.g. `{{cn (years 自查起始年份 自查截止年份)}}`.
    pub value: String,
    /// The field a warning about the value should name (the value is then tagged with that
    /// path, like an answer). Without it the value is part of the template's own wording.
    #[serde(default)]
    pub source: Option<String>,
}

/// True when `path` (`基本情况.概述`) names a field of the questionnaire, outside lists.
fn names_a_field(q: &Questionnaire, path: &str) -> bool {
    let mut fields = &q.fields;
    let mut parts = path.split('.').peekable();
    while let Some(key) = parts.next() {
        let Some(f) = fields.iter().find(|f| f.key == key) else { return false };
        if parts.peek().is_none() {
            return true;
        }
        fields = &f.fields;
    }
    false
}

/// One level-1 section: the title the skeleton prints, and other titles that count as the
/// same section when `check` reads a report written by hand.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    #[serde(default)]
    pub also: Vec<String>,
}

impl Section {
    /// True when a heading's text names this section: it contains the title or one of the
    /// alternatives.
    pub fn matches(&self, heading: &str) -> bool {
        std::iter::once(&self.title).chain(&self.also).map(|t| t.trim()).any(|t| !t.is_empty() && heading.contains(t))
    }
}

/// A section known by one title only (`check --sections`).
impl From<&str> for Section {
    fn from(title: &str) -> Section {
        Section { title: title.trim().to_owned(), also: Vec::new() }
    }
}

impl Manifest {
    /// Parses a manifest and checks it against the kind's questionnaire. The error is a
    /// Chinese sentence without the file name (the caller adds it).
    pub fn parse(source: &str, questionnaire: &Questionnaire) -> Result<Manifest, String> {
        let m: Manifest = serde_json::from_str(source).map_err(|e| super::source::json_problem(&e))?;
        if m.format != FORMAT {
            return Err(format!("格式版本是 {}，本程序只认识版本 {FORMAT}", m.format));
        }
        if m.id != questionnaire.id {
            return Err(format!("id「{}」与问卷的 id「{}」不一致", m.id, questionnaire.id));
        }
        if m.sections.is_empty() || m.sections.iter().any(|s| s.title.trim().is_empty()) {
            return Err("sections 至少要有一个标题，且标题不能为空".into());
        }
        let date = questionnaire.fields.iter().find(|f| f.key == m.document_date);
        if !date.is_some_and(|f| f.kind == FieldType::Date && f.required) {
            return Err(format!("document_date「{}」应为问卷中一个必填的日期字段", m.document_date));
        }
        let bad_name = |name: &str| name.is_empty() || name.contains(['$', '.', ' ', '{', '}', '/', '[', ']']);
        for (i, o) in m.options.iter().enumerate() {
            if bad_name(&o.name) {
                return Err(format!("options「{}」的名字不能为空，也不能含 $ . 空格 {{ }} / [ ]", o.name));
            }
            if m.options[..i].iter().any(|e| e.name == o.name) || m.derived.iter().any(|d| d.name == o.name) {
                return Err(format!("options「{}」重复定义（options 与 derived 的名字不能相同）", o.name));
            }
        }
        for (i, d) in m.derived.iter().enumerate() {
            if bad_name(&d.name) {
                return Err(format!("derived「{}」的名字不能为空，也不能含 $ . 空格 {{ }} / [ ]", d.name));
            }
            if m.derived[..i].iter().any(|e| e.name == d.name) {
                return Err(format!("derived「{}」重复定义", d.name));
            }
            if let Some(source) = &d.source {
                if !names_a_field(questionnaire, source) {
                    return Err(format!("derived「{}」的 source「{source}」不是问卷中的字段", d.name));
                }
            }
        }
        Ok(m)
    }

    /// The section titles, in order (what `check --sections` takes).
    pub fn section_titles(&self) -> Vec<&str> {
        self.sections.iter().map(|s| s.title.as_str()).collect()
    }
}
