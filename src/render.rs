//! The pipeline, end to end: answers → document model → passes → .docx bytes.
//!
//! Nothing here prints or touches the file system: the CLI (and `batch`, and the tests)
//! decide what to do with the bytes and the diagnostics.

use std::sync::Arc;

use crate::answers::{self, Answers};
use crate::defaults::Defaults;
use crate::diag::{has_errors, Diagnostic, Severity};
use crate::model::Document;
use crate::template::{self, Template};
use crate::{docx, passes};

/// How to render.
#[derive(Debug, Clone)]
pub struct Options {
    /// Turn every warning (a removed placeholder, an unknown key) into an error: nothing is
    /// written unless the answers are clean.
    pub strict: bool,
    /// The report kind: questionnaire, skeleton, sections.
    pub template: Arc<Template>,
}

impl Default for Options {
    fn default() -> Self {
        Options { strict: false, template: template::default_template() }
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
    let (document, warnings) = document(answers, &options.template)?;
    let warnings = apply_strictness(warnings, options.strict)?;
    let docx = docx::write(&document);
    Ok(Report { document, docx, warnings })
}

/// Reads an answers file's bytes and renders it. `file` names the input in diagnostics.
pub fn render_bytes(bytes: &[u8], file: &str, options: &Options) -> Result<Report, Vec<Diagnostic>> {
    render_bytes_with_defaults(bytes, file, None, options)
}

/// [`render_bytes`] with the answers laid over a county's defaults (see
/// [`crate::defaults`]); a diagnostic about a value taken from the defaults names the
/// defaults file. The defaults' own warnings are not included: [`Defaults::parse`] returned
/// them, once, to the caller.
pub fn render_bytes_with_defaults(
    bytes: &[u8],
    file: &str,
    defaults: Option<&Defaults>,
    options: &Options,
) -> Result<Report, Vec<Diagnostic>> {
    let answers::Loaded { answers, mut warnings, origins } =
        answers::load_with_defaults(&options.template, bytes, file, defaults)?;
    let mut report = match render(&answers, &Options { strict: false, template: options.template.clone() }) {
        Ok(r) => r,
        Err(mut errors) => {
            warnings.append(&mut errors);
            return Err(origins.attribute(warnings, file));
        }
    };
    warnings.append(&mut report.warnings);
    report.warnings = apply_strictness(origins.attribute(warnings, file), options.strict)?;
    Ok(report)
}

/// Under `--strict` a warning stops the render: all of them come back as errors.
fn apply_strictness(warnings: Vec<Diagnostic>, strict: bool) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if strict && !warnings.is_empty() {
        return Err(warnings.into_iter().map(|d| Diagnostic { severity: Severity::Error, ..d }).collect());
    }
    Ok(warnings)
}
