//! `gongwen batch`: many townships in one run, in parallel, each report whole or not at all.
//!
//! Inputs stream in from [`input`]; `jobs` worker threads render and write; the caller
//! sees one [`Record`] per input as it completes (for progress and the summary). One bad
//! township never stops the others (ripgrep's "report, remember, keep going").
//!
//! Names: every report is named from its title ([`crate::output::file_name_for`]), so it
//! can never leave the output folder. Two inputs that map to the same name (compared
//! case-insensitively, as Windows does) are BOTH reported as a conflict and neither file is
//! kept: the registry in `names` notices the second one and removes the first one's file,
//! which this run wrote itself.

mod array;
pub mod input;
mod stream;
mod names;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::defaults::Defaults;
use crate::diag::Diagnostic;
use crate::output::{file_name_for, write_atomic_unsynced};
use crate::render::{render_bytes_with_defaults, Options as RenderOptions};

pub use input::{open, Input, Inputs};
use names::{Claim, Names};

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    pub render: RenderOptions,
    /// Worker threads (at least 1).
    pub jobs: usize,
    /// The folder the reports go to (created when missing).
    pub out_dir: PathBuf,
    /// County-wide answers merged under every township's own (parsed once).
    pub defaults: Option<Defaults>,
}

/// What became of one input.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The report was written (with these warnings, e.g. removed placeholders).
    Written { file: String, warnings: Vec<Diagnostic> },
    /// Nothing was written; the first error says why (all are kept).
    Failed { errors: Vec<Diagnostic> },
    /// Another input maps to the same file name; neither report is kept.
    Conflict { file: String, other: String },
}

/// One input's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub index: usize,
    pub input: String,
    pub outcome: Outcome,
}

impl Record {
    /// The first reason, in Chinese, for a failed or conflicting input.
    pub fn reason(&self) -> Option<String> {
        match &self.outcome {
            Outcome::Written { .. } => None,
            Outcome::Failed { errors } => errors.iter().find(|d| d.is_error()).or(errors.first()).map(Diagnostic::line_without_file),
            Outcome::Conflict { file, other } => Some(format!("与「{other}」生成同名文件「{file}」，两份都未保存")),
        }
    }
}

/// Runs a batch. `on_record` is called for every finished input (under a lock, from the
/// worker that finished it), including late corrections: when a conflict is found after
/// the first input's report was written, a second record for that input (with
/// [`Outcome::Conflict`]) follows.
/// Setting `cancel` stops handing out new inputs; work under way finishes whole.
///
/// Each worker takes the next input, renders it, writes it and files its record itself.
/// There is no reader thread and no channel: with a thread handing inputs over a channel
/// and another collecting records from one, waking them took about a tenth of a batch's
/// time on two cores (perf: futex wake-ups and scheduling, several per report).
pub fn run(inputs: Inputs, options: &Options, cancel: &AtomicBool, on_record: &mut (dyn FnMut(Record) + Send)) -> std::io::Result<()> {
    std::fs::create_dir_all(&options.out_dir)?;
    // Made absolute once: where reports go through named temporary files (not Linux), the
    // temporary-file library otherwise asks for the working folder on every file.
    let out_abs = std::path::absolute(&options.out_dir)?;
    let jobs = options.jobs.max(1);
    let names = Names::default();
    let inputs = Mutex::new(inputs);
    let collector = Mutex::new(Collector { on_record, conflicted: HashSet::new() });
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let (inputs, collector, names, out_abs) = (&inputs, &collector, &names, &out_abs);
            scope.spawn(move || loop {
                if cancel.load(Ordering::Relaxed) {
                    break;
                }
                let Some(pending) = lock(inputs).next_pending() else { break };
                let records = process(pending.read(), options, out_abs, names);
                let mut collector = lock(collector);
                for record in records {
                    collector.deliver(record);
                }
            });
        }
    });
    Ok(())
}

/// A poisoned lock still holds usable data (a panicking worker left it consistent: every
/// update under these locks is a single call).
fn lock<T: ?Sized>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Hands records to the caller, keeping conflicts final.
struct Collector<'a> {
    on_record: &'a mut (dyn FnMut(Record) + Send),
    /// Inputs already reported as conflicting. Conflicts are rare, so the set stays small.
    conflicted: HashSet<usize>,
}

impl Collector<'_> {
    /// A conflict is final. The first input's "written" record can arrive after the second
    /// input already reported the conflict for both (the first worker marks its name
    /// written, the second claims it and delivers, then the first delivers): that late
    /// record is stale and dropped.
    fn deliver(&mut self, record: Record) {
        match record.outcome {
            Outcome::Conflict { .. } => {
                self.conflicted.insert(record.index);
            }
            Outcome::Written { .. } if self.conflicted.contains(&record.index) => return,
            _ => {}
        }
        (self.on_record)(record);
    }
}

/// Renders one input and writes its report; returns its record (and a correction for an
/// earlier input when this one reveals a name conflict).
/// `out_abs` is the output folder made absolute (messages name the folder as given).
fn process(input: Input, options: &Options, out_abs: &Path, names: &Names) -> Vec<Record> {
    let fail = |errors| vec![Record { index: input.index, input: input.label.clone(), outcome: Outcome::Failed { errors } }];
    let bytes = match &input.bytes {
        Ok(b) => b,
        Err(d) => return fail(vec![d.clone()]),
    };
    let report = match render_bytes_with_defaults(bytes, &input.label, options.defaults.as_ref(), &options.render) {
        Ok(r) => r,
        Err(errors) => return fail(errors),
    };
    let file = file_name_for(&report.document.meta.title);
    let target = out_abs.join(&file);
    match names.claim(&file, input.index, &input.label) {
        Claim::Taken { other_index, other_label, written } => {
            let mut out = vec![Record {
                index: input.index,
                input: input.label.clone(),
                outcome: Outcome::Conflict { file: file.clone(), other: other_label.clone() },
            }];
            // The first input's record said "written" (or is about to): correct it, once.
            if let Some(first_written) = written {
                if first_written {
                    let _ = std::fs::remove_file(&target);
                }
                out.push(Record {
                    index: other_index,
                    input: other_label,
                    outcome: Outcome::Conflict { file, other: input.label.clone() },
                });
            }
            out
        }
        Claim::Mine(key) => {
            let shown = options.out_dir.join(&file);
            let mode = match existing_report_mode(&target, &shown) {
                Ok(mode) => mode,
                Err(why) => {
                    names.release(key);
                    return fail(vec![why.in_file(&input.label)]);
                }
            };
            let written = write_atomic_unsynced(&target, &report.docx, mode);
            // A conflict may have been found while we were writing: then our file goes.
            let conflicted = names.finish(key, written.is_ok(), || {
                let _ = std::fs::remove_file(&target);
            });
            match written {
                // The conflict was already reported for this input by the other one.
                _ if conflicted => vec![],
                Err(e) => fail(vec![Diagnostic::error(format!("无法写入「{}」：{e}", shown.display())).in_file(&input.label)]),
                Ok(()) => vec![Record { index: input.index, input: input.label.clone(), outcome: Outcome::Written { file, warnings: report.warnings } }],
            }
        }
    }
}

/// A report never replaces a folder or a symbolic link (which may point out of the output
/// folder); a regular file of the same name, from an earlier run, is replaced whole and
/// its permission bits are returned, to be kept (one stat serves both questions).
/// `shown` is how messages name the target.
fn existing_report_mode(target: &Path, shown: &Path) -> Result<Option<u32>, Diagnostic> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => Err(Diagnostic::error(format!("输出文件夹中的「{}」是一个符号链接，为安全起见不覆盖它", shown.display()))),
        Ok(m) if m.is_dir() => Err(Diagnostic::error(format!("输出文件夹中的「{}」是一个文件夹", shown.display()))),
        Ok(m) => Ok(crate::output::permission_bits(&m)),
        Err(_) => Ok(None),
    }
}
