//! gongwen: a township's questionnaire answers (JSON) → a GB/T 9704-2012 report (.docx).
//!
//! # Steps
//! 1. [`decode`]: bytes → text (UTF-8 with or without BOM, UTF-16 with BOM, GBK/GB18030).
//! 2. [`json`]: text → JSON value; a syntax error names line and column.
//! 3. [`questionnaire`] + [`answers`]: the value is checked against the template's
//!    questionnaire definition (all problems at once) and read by one generic walk into
//!    [`answers::Answers`]: the same keys, texts cleaned and tagged with their field path.
//! 4. [`template`]: a report kind is a folder under `templates/` (manifest, questionnaire,
//!    skeleton); the answers and the manifest's derived values fill the skeleton
//!    (Handlebars), which a small reader turns into the [`model::Document`].
//! 5. [`passes`]: numbering (一、（一）1.（1）, 一是…), closing punctuation and placeholder
//!    removal, each a function `&mut Document`.
//! 6. [`docx`]: the document model → the bytes of a .docx package.
//!
//! [`render`] runs the steps; the `gongwen` binary is a thin layer over it.
//!
//! Beside the pipeline: [`defaults`] lays a township's answers over a county's defaults file,
//! [`validate`] reports every problem of an answers file without rendering, and [`schema`]
//! derives the JSON Schema and the blank answers file of `gongwen init` from the
//! questionnaire. [`read`] reads whatever path a user names (a file, a pipe, a device)
//! within a size limit and without hanging.

// Diagnostic (about 160 bytes) is the error type of every input stage. Errors end a render
// and are never on a hot path, and boxing them would only add noise at every `?`.
#![allow(clippy::result_large_err)]

pub mod answers;
pub mod batch;
pub mod check;
pub mod decode;
pub mod defaults;
pub mod diag;
pub mod format;
pub mod docx;
pub mod import;
pub mod inspect;
pub mod json;
pub mod limits;
pub mod model;
pub mod numerals;
pub mod output;
pub mod passes;
pub mod questionnaire;
pub mod readers;
pub mod read;
pub mod render;
pub mod rules;
pub mod schema;
pub mod serve;
pub mod syserr;
pub mod template;
pub mod validate;
