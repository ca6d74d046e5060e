//! How a batch reports each input, for `gongwen batch` (terminal and `--summary`) and the
//! batch of `gongwen serve` alike: one wording for every failure wherever it is read.

use serde_json::{json, Value};

use super::{Outcome, Record};
use crate::diag::{listed, printable, tally};

/// One element of the summary's `results`: `input`, `status` (`written`, `failed`,
/// `conflict`), `file`, `reason` and the input's `diagnostics` (capped, see [`listed`]).
pub fn result_value(r: &Record) -> Value {
    let (status, file, diags) = match &r.outcome {
        Outcome::Written { file, warnings } => ("written", Some(file.as_str()), warnings.as_slice()),
        Outcome::Failed { errors } => ("failed", None, errors.as_slice()),
        Outcome::Conflict { file, .. } => ("conflict", Some(file.as_str()), &[][..]),
    };
    json!({
        "input": r.input,
        "status": status,
        "file": file,
        "reason": r.reason(),
        "diagnostics": listed(diags),
    })
}

/// The line listed for a failed, conflicting or warned input; `None` for a clean report.
pub fn line(r: &Record) -> Option<String> {
    match &r.outcome {
        Outcome::Written { warnings, .. } if warnings.is_empty() => None,
        Outcome::Written { warnings, .. } => {
            Some(format!("{}：{} 条警告，第一条：{}", printable(&r.input), tally(warnings).1, warnings[0].line_without_file()))
        }
        Outcome::Failed { .. } | Outcome::Conflict { .. } => Some(format!("{}：{}", printable(&r.input), printable(&r.reason().unwrap_or_default()))),
    }
}
