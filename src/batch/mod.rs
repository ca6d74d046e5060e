//! `gongwen batch`: many townships in one run, in parallel, each report whole or not at all.
//!
//! Inputs stream in from [`input`]; `jobs` worker threads render and write; the caller
//! sees one [`Record`] per input as it completes (for progress and the summary). One bad
//! township never stops the others (ripgrep's "report, remember, keep going").
//!
//! Names: every report is named from its title ([`crate::output::file_name_for`]), so it
//! can never leave the output folder. Two inputs that map to the same name (compared
//! case-insensitively, as Windows does) are BOTH reported as a conflict and neither report
//! of this run is kept, while what was on disk before the run stays as it was: the registry
//! in `names` notices the second one and removes the first one's file, which this run wrote
//! itself. A report that replaces one left by an earlier run is written under a temporary
//! name and takes the report's name only at the end of the run, when no conflict can come
//! any more ([`Deferred`]).
//!
//! One batch at a time writes to an output folder ([`lock`]).

mod array;
pub mod input;
mod lock;
mod stream;
mod names;
pub mod summary;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::defaults::Defaults;
use crate::diag::Diagnostic;
use crate::limits::MAX_JOBS;
use crate::output::{file_name_for, write_atomic_unsynced};
use crate::syserr::reason;
use crate::render::{render_bytes_with_defaults, Options as RenderOptions};

pub use input::{open, Input, Inputs};
pub use lock::LOCK_FILE;
use names::{Claim, Names};

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct Options {
    pub render: RenderOptions,
    /// Worker threads: at least 1, at most [`MAX_JOBS`] and the number of inputs.
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

/// Why a batch did not run.
#[derive(Debug)]
pub enum RunError {
    /// Another batch is writing to the output folder (it holds [`LOCK_FILE`]).
    Busy,
    /// The output folder cannot be created or used (or its lock file taken).
    Folder(std::io::Error),
    /// [`LOCK_FILE`] in the output folder is a symbolic link, folder or device.
    LockNotAFile,
    /// Not one worker thread could be started.
    Threads(std::io::Error),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Busy => write!(f, "另一个 gongwen batch 正在向这个文件夹写入报告（它持有 {LOCK_FILE}）；没有生成任何报告。请等它结束后再运行，或换一个输出文件夹"),
            RunError::Folder(e) => write!(f, "无法使用这个文件夹：{}", reason(e)),
            RunError::LockNotAFile => write!(f, "其中的「{LOCK_FILE}」不是普通文件（符号链接、文件夹或设备），请删除它后再运行"),
            // EAGAIN from pthread_create: out of memory for a stack, or a process limit.
            RunError::Threads(e) if cfg!(unix) && e.raw_os_error() == Some(11) => write!(f, "无法创建工作线程：系统资源（内存或线程数）不足（系统错误 11）；请用 --jobs 减少线程数"),
            RunError::Threads(e) => write!(f, "无法创建工作线程：{}；请用 --jobs 减少线程数", reason(e)),
        }
    }
}

/// Runs a batch. `on_record` is called for every finished input (under a lock, from the
/// worker that finished it), including late corrections: when a conflict is found after
/// the first input's report was written, a second record for that input (with
/// [`Outcome::Conflict`]) follows; when a deferred report cannot take its name at the end,
/// a record with [`Outcome::Failed`] follows.
/// Setting `cancel` stops handing out new inputs; work under way finishes whole.
///
/// Each worker takes the next input, renders it, writes it and files its record itself.
/// There is no reader thread and no channel: with a thread handing inputs over a channel
/// and another collecting records from one, waking them took about a tenth of a batch's
/// time on two cores (perf: futex wake-ups and scheduling, several per report).
pub fn run(inputs: Inputs, options: &Options, cancel: &AtomicBool, on_record: &mut (dyn FnMut(Record) + Send)) -> Result<(), RunError> {
    std::fs::create_dir_all(&options.out_dir).map_err(RunError::Folder)?;
    let _lock = lock::lock(&options.out_dir).map_err(|e| match e {
        lock::LockError::Busy => RunError::Busy,
        lock::LockError::NotAFile => RunError::LockNotAFile,
        lock::LockError::Io(e) => RunError::Folder(e),
    })?;
    // Made absolute once: where reports go through named temporary files (not Linux), the
    // temporary-file library otherwise asks for the working folder on every file.
    let out_abs = std::path::absolute(&options.out_dir).map_err(RunError::Folder)?;
    let jobs = options.jobs.clamp(1, MAX_JOBS).min(inputs.total.unwrap_or(usize::MAX).max(1));
    let names = Names::default();
    let deferred = Mutex::new(Vec::new());
    let inputs = Mutex::new(inputs);
    let collector = Mutex::new(Collector { on_record, conflicted: HashSet::new() });
    let started = std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..jobs {
            let (inputs, collector, names, out_abs, deferred) = (&inputs, &collector, &names, &out_abs, &deferred);
            let worker = move || loop {
                if cancel.load(Ordering::Relaxed) {
                    break;
                }
                let Some(pending) = lock(inputs).next_pending() else { break };
                let records = process(pending.read(), options, out_abs, names, deferred);
                let mut collector = lock(collector);
                for record in records {
                    collector.deliver(record);
                }
            };
            // A refused thread (out of memory, a process limit) is not a panic: the batch
            // goes on with the workers it has, or reports that it has none.
            match std::thread::Builder::new().spawn_scoped(scope, worker) {
                Ok(_) => started += 1,
                Err(e) if started == 0 => return Err(e),
                Err(_) => break,
            }
        }
        Ok(started)
    });
    // Even after Ctrl-C: these reports are whole and their records say written.
    let deferred = deferred.into_inner().unwrap_or_else(|p| p.into_inner());
    let mut collector = lock(&collector);
    for d in deferred {
        if let Some(failed) = d.commit(options, &out_abs, &names) {
            collector.deliver(failed);
        }
    }
    started.map(drop).map_err(RunError::Threads)
}

/// A report written under a temporary name because a report of its name was on disk
/// before the run: it replaces that one at the end of the run, unless another input of the
/// run turned out to have the same name (then the temporary file is gone already).
#[derive(Debug)]
struct Deferred {
    index: usize,
    label: String,
    file: String,
}

/// The temporary name of input `index`'s deferred report (hidden, removed or renamed by the
/// end of the run; left only by a killed run, like other `.gongwen-*.tmp` files).
fn deferred_name(index: usize) -> String {
    format!(".gongwen-{}-r{index}.tmp", std::process::id())
}

impl Deferred {
    /// Gives the report its name; a failure comes back as a corrected record.
    fn commit(self, options: &Options, out_abs: &Path, names: &Names) -> Option<Record> {
        if names.is_conflicted(&self.file) {
            return None;
        }
        let temp = out_abs.join(deferred_name(self.index));
        let e = std::fs::rename(&temp, out_abs.join(&self.file)).err()?;
        let _ = std::fs::remove_file(&temp);
        let shown = options.out_dir.join(&self.file);
        let error = Diagnostic::error(format!("无法写入「{}」：{}", shown.display(), reason(&e))).in_file(&self.label);
        Some(Record { index: self.index, input: self.label, outcome: Outcome::Failed { errors: vec![error] } })
    }
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
fn process(input: Input, options: &Options, out_abs: &Path, names: &Names, deferred: &Mutex<Vec<Deferred>>) -> Vec<Record> {
    let fail = |errors| vec![Record { index: input.index, input: input.label.clone(), outcome: Outcome::Failed { errors } }];
    let bytes = match &input.bytes {
        Ok(b) => b,
        Err(d) => return fail(vec![d.clone()]),
    };
    let report = match render_bytes_with_defaults(bytes, &input.label, options.defaults.as_ref(), &options.render) {
        Ok(r) => r,
        Err(errors) => return fail(errors),
    };
    let file = file_name_for(&report.document.meta.file_stem());
    let target = out_abs.join(&file);
    let shown = options.out_dir.join(&file);
    // Looked at before the claim: a report already on disk is replaced only at the end.
    let on_disk = match existing_report(&target, &shown) {
        Ok(on_disk) => on_disk,
        Err(why) => return fail(vec![why.in_file(&input.label)]),
    };
    match names.claim(&file, input.index, &input.label, on_disk.is_some()) {
        Claim::Taken { other_index, other_label, other_file, other_deferred, written } => {
            let mut out = vec![Record {
                index: input.index,
                input: input.label.clone(),
                outcome: Outcome::Conflict { file: file.clone(), other: other_label.clone() },
            }];
            // The first input's record said "written" (or is about to): correct it, once.
            if let Some(first_written) = written {
                // Its file, under the name it was written as: this run's, never an earlier one.
                if first_written {
                    let theirs = if other_deferred { deferred_name(other_index) } else { other_file };
                    let _ = std::fs::remove_file(out_abs.join(theirs));
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
            let path = if on_disk.is_some() { out_abs.join(deferred_name(input.index)) } else { target };
            let written = write_atomic_unsynced(&path, &report.docx, on_disk.flatten());
            // A conflict may have been found while we were writing: then our file goes.
            let conflicted = names.finish(key, written.is_ok(), || {
                let _ = std::fs::remove_file(&path);
            });
            match written {
                // The conflict was already reported for this input by the other one.
                _ if conflicted => vec![],
                Err(e) => fail(vec![Diagnostic::error(format!("无法写入「{}」：{}", shown.display(), reason(&e))).in_file(&input.label)]),
                Ok(()) => {
                    if on_disk.is_some() {
                        lock(deferred).push(Deferred { index: input.index, label: input.label.clone(), file: file.clone() });
                    }
                    vec![Record { index: input.index, input: input.label.clone(), outcome: Outcome::Written { file, warnings: report.warnings } }]
                }
            }
        }
    }
}

/// A report never replaces a folder, a symbolic link (which may point out of the output
/// folder), a device or a FIFO; a regular file of the same name, from an earlier run, is
/// replaced whole: `Some` of its permission bits, to be kept (one stat serves both
/// questions). `None`: nothing there. `shown` is how messages name the target.
fn existing_report(target: &Path, shown: &Path) -> Result<Option<Option<u32>>, Diagnostic> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => Err(Diagnostic::error(format!("输出文件夹中的「{}」是一个符号链接，为安全起见不覆盖它", shown.display()))),
        Ok(m) if m.is_dir() => Err(Diagnostic::error(format!("输出文件夹中的「{}」是一个文件夹", shown.display()))),
        Ok(m) if !m.is_file() => Err(Diagnostic::error(format!("输出文件夹中的「{}」不是普通文件（设备或管道），不覆盖它", shown.display()))),
        Ok(m) => Ok(Some(crate::output::permission_bits(&m))),
        Err(_) => Ok(None),
    }
}
