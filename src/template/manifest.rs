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
    /// The output file name, as a Handlebars pattern over the answers. Not read yet: every
    /// command names the file after the report's title, which is also the default here.
    #[serde(default)]
    pub file_name: Option<String>,
}

/// One level-1 section: the title the skeleton prints, and other titles that count as the
/// same section when `check` reads a report written by hand.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    #[serde(default)]
    pub also: Vec<String>,
}

impl Manifest {
    /// Parses a manifest and checks it against the kind's questionnaire. The error is a
    /// Chinese sentence without the file name (the caller adds it).
    pub fn parse(source: &str, questionnaire: &Questionnaire) -> Result<Manifest, String> {
        let m: Manifest = serde_json::from_str(source).map_err(|e| format!("格式不对：{e}"))?;
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
        Ok(m)
    }

    /// The section titles, in order (what `check --sections` takes).
    pub fn section_titles(&self) -> Vec<&str> {
        self.sections.iter().map(|s| s.title.as_str()).collect()
    }
}
