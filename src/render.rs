//! The pipeline, end to end: answers → document model → passes → .docx bytes.
//!
//! Nothing here prints or touches the file system: the CLI (and `batch`, and the tests)
//! decide what to do with the bytes and the diagnostics.

use crate::answers::{self, Answers};
use crate::diag::{has_errors, Diagnostic, Severity};
use crate::model::Document;
use crate::template::{self, Template};
use crate::{docx, passes};

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Turn every warning (a removed placeholder, an unknown key) into an error: nothing is
    /// written unless the answers are clean.
    pub strict: bool,
    /// The report skeleton.
    pub template: &'static Template,
}

impl Default for Options {
    fn default() -> Self {
        Options { strict: false, template: template::find(template::DEFAULT_TEMPLATE).expect("default template exists") }
    }
}

/// A rendered report: the model (for outlines and tests), the .docx bytes and the warnings.
#[derive(Debug, Clone)]
pub struct Report {
    pub document: Document,
    pub docx: Vec<u8>,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the finished document model (template filled, passes run) from valid answers.
/// `Ok` carries the warnings of the passes.
pub fn document(answers: &Answers, template: &Template) -> Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut doc = template::build(template, answers).map_err(|d| vec![d])?;
    let found = passes::run_all(&mut doc);
    if has_errors(&found) {
        return Err(found);
    }
    Ok((doc, found))
}

/// Renders valid answers to a .docx.
pub fn render(answers: &Answers, options: &Options) -> Result<Report, Vec<Diagnostic>> {
    let (document, warnings) = document(answers, options.template)?;
    let warnings = apply_strictness(warnings, options.strict)?;
    let docx = docx::write(&document);
    Ok(Report { document, docx, warnings })
}

/// Reads an answers file's bytes and renders it. `file` names the input in diagnostics.
pub fn render_bytes(bytes: &[u8], file: &str, options: &Options) -> Result<Report, Vec<Diagnostic>> {
    let (answers, mut warnings) = answers::load(bytes, file)?;
    let mut report = match render(&answers, &Options { strict: false, ..*options }) {
        Ok(r) => r,
        Err(mut errors) => {
            warnings.append(&mut errors);
            return Err(in_file(warnings, file));
        }
    };
    warnings.append(&mut report.warnings);
    report.warnings = apply_strictness(in_file(warnings, file), options.strict)?;
    Ok(report)
}

/// Every diagnostic names the input file.
fn in_file(diags: Vec<Diagnostic>, file: &str) -> Vec<Diagnostic> {
    diags.into_iter().map(|d| if d.file.is_none() { d.in_file(file) } else { d }).collect()
}

/// Under `--strict` a warning stops the render: all of them come back as errors.
fn apply_strictness(warnings: Vec<Diagnostic>, strict: bool) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if strict && !warnings.is_empty() {
        return Err(warnings.into_iter().map(|d| Diagnostic { severity: Severity::Error, ..d }).collect());
    }
    Ok(warnings)
}
