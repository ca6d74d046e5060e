//! Readers: a document that already exists (a bought 范文, a report typed in Word) into the
//! typed model, pandoc-style. Each format's reader gives a [`raw::RawDocument`]; the one
//! [`structure`] reader turns that into a [`crate::model::Document`], after [`clean`] has
//! taken out (and listed) what is not the report.

pub mod clean;
pub mod docx;
pub mod markdown;
pub mod raw;
pub mod structure;
pub mod text;
