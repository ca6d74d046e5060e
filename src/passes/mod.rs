//! Passes over the document model, each `fn(&mut Document)`, run in this order:
//!
//! 1. [`placeholders::remove`]: clauses holding 「XX」「某某」… or advert residue
//!    ([`adverts`], the rule `check` applies too) are removed (and reported), so that an
//!    item emptied by the removal disappears before it is numbered;
//! 2. [`numbering::apply`]: numbers users typed are stripped, the converter's are added;
//! 3. [`punctuation::apply`]: item titles get their closing 「。」, the 主送机关 its 「：」.

pub mod adverts;
pub mod numbering;
pub mod placeholders;
pub mod punctuation;

use crate::diag::Diagnostic;
use crate::model::Document;

/// Runs every pass; returns the placeholder findings (warnings).
pub fn run_all(doc: &mut Document) -> Vec<Diagnostic> {
    let found = placeholders::remove(doc);
    numbering::apply(doc);
    punctuation::apply(doc);
    found
}
