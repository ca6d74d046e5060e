//! `gongwen batch INPUT -o FOLDER [--defaults county.json] [--jobs N] [--strict] [--summary FILE] [--template ID]`

use std::fs::File;
use std::io::{BufReader, BufWriter, IsTerminal, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use gongwen::batch::{self, Outcome, Record};
use gongwen::render::Options;
use gongwen::syserr::reason;
use gongwen::output;

use super::{load_defaults, shown, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 答案所在的文件夹、JSON Lines 文件（每行一个乡镇）或包含答案数组的 JSON 文件
    pub input: PathBuf,
    /// 报告保存到的文件夹（不存在时自动创建）
    #[arg(short, long, value_name = "文件夹")]
    pub output: PathBuf,
    /// 同时处理的线程数（默认：全部处理器核心）
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// 严格模式：有占位符或其他警告的乡镇不生成报告，算作失败
    #[arg(long)]
    pub strict: bool,
    /// 另存一份 JSON 格式的汇总
    #[arg(long, value_name = "文件")]
    pub summary: Option<PathBuf>,
    /// 县级默认值文件：垫在每个乡镇自己的答案之下（乡镇填写的优先）
    #[arg(long, value_name = "文件")]
    pub defaults: Option<PathBuf>,
    #[command(flatten)]
    pub kind: super::TemplateArg,
}

/// Set by Ctrl-C: no new township is started; those under way finish whole.
static CANCEL: AtomicBool = AtomicBool::new(false);

pub fn run(args: Args) -> u8 {
    let tpl = match args.kind.resolve(None) {
        Ok(t) => t,
        Err(status) => return status,
    };
    if args.jobs == Some(0) {
        err!("用法错误：--jobs 至少为 1");
        return EXIT_USAGE;
    }
    // The defaults file is read and checked once, not once per township.
    let defaults = match load_defaults(args.defaults.as_deref(), args.strict, &tpl) {
        Ok(d) => d,
        Err(status) => return status,
    };
    let inputs = match batch::open(&args.input) {
        Ok(i) => i,
        Err(d) => {
            err!("{d}");
            return EXIT_PROBLEM;
        }
    };
    let _ = ctrlc::set_handler(|| {
        if CANCEL.swap(true, Ordering::SeqCst) {
            std::process::exit(130); // a second Ctrl-C: stop at once
        }
    });
    let jobs = args.jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = batch::Options { render: Options { strict: args.strict, template: tpl }, jobs, out_dir: args.output.clone(), defaults };

    let inputs_total = inputs.total;
    let progress = Progress::new(inputs_total);
    let started = Instant::now();
    let mut ledger = match Ledger::new(inputs_total) {
        Ok(l) => l,
        Err(e) => {
            err!("错误：无法创建临时文件：{}", reason(&e));
            return EXIT_PROBLEM;
        }
    };
    let mut spool_error = None;
    let result = batch::run(inputs, &options, &CANCEL, &mut |record| {
        match ledger.record(&record) {
            Ok(true) => progress.tick(),
            Ok(false) => {}
            Err(e) => spool_error = spool_error.take().or(Some(e)),
        }
    });
    progress.finish();
    match result {
        Ok(()) => {}
        Err(e @ batch::RunError::Threads(_)) => {
            err!("错误：{e}");
            return EXIT_PROBLEM;
        }
        Err(e) => {
            err!("错误：输出文件夹「{}」：{e}", shown(&args.output));
            return EXIT_PROBLEM;
        }
    }
    let elapsed = started.elapsed();
    let summary = ledger.summary();
    if let Some(e) = spool_error {
        err!("错误：无法读写临时文件：{}", reason(&e));
        return EXIT_PROBLEM;
    }
    // The --summary file first: what the terminal does (a closed or full stderr) must not
    // keep it from being written.
    let mut status = EXIT_OK;
    if let Some(path) = &args.summary {
        if let Err(e) = output::write_atomic_with(path, |w| write_summary_json(w, &summary, &mut ledger, elapsed.as_secs_f64())) {
            err!("错误：无法写入汇总「{}」：{}", shown(path), reason(&e));
            status = EXIT_PROBLEM;
        }
    }
    if let Err(e) = print_summary(&summary, &mut ledger, elapsed.as_secs_f64()) {
        err!("错误：无法读写临时文件：{}", reason(&e));
        return EXIT_PROBLEM;
    }
    if status != EXIT_OK {
        return status;
    }
    if CANCEL.load(Ordering::SeqCst) {
        err!("已中断：其余乡镇没有处理。已保存的报告都是完整的。");
        return EXIT_PROBLEM;
    }
    if summary.failed + summary.conflicts > 0 {
        EXIT_PROBLEM
    } else {
        EXIT_OK
    }
}

/// A progress bar with count, rate and ETA on a terminal; nothing at all otherwise, so
/// CI logs stay free of redraw lines.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(total: Option<usize>) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = match total {
            Some(n) => indicatif::ProgressBar::new(n as u64).with_style(
                indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} 份  {per_sec}  剩余约 {eta}").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            ),
            None => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template("{spinner} 已处理 {pos} 份  {per_sec}").unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
        };
        Progress(Some(bar))
    }

    fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

#[derive(Debug, Default)]
struct Summary {
    total: usize,
    written: usize,
    failed: usize,
    conflicts: usize,
    with_warnings: usize,
}

/// What became of each input, kept in a constant few bytes per input.
///
/// A batch of tens of thousands must not hold every record (its file name, warnings…) in
/// memory until the end: that made peak memory grow with the batch (about 8 KB per report
/// measured, most of it heap fragmentation: small long-lived records allocated by the worker
/// threads between their large short-lived buffers). Each record is written, as it arrives,
/// to an anonymous temporary file (its summary JSON object and its terminal line); memory
/// keeps only where it is and its kind. A later record for the same input (a name conflict
/// found after the first report was written) simply replaces the earlier one.
struct Ledger {
    slots: Vec<Slot>,
    spool: BufWriter<File>,
    /// Bytes written to the spool so far.
    end: u64,
}

#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    kind: Kind,
    offset: u64,
    json_len: u32,
    line_len: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Kind {
    #[default]
    None,
    Written,
    WrittenWithWarnings,
    Failed,
    Conflict,
}

impl Ledger {
    /// `total`: how many inputs there are, when known (a folder, a JSON Lines file), so
    /// that the slots are allocated once rather than doubled (and copied) as they grow.
    fn new(total: Option<usize>) -> std::io::Result<Ledger> {
        Ok(Ledger { slots: Vec::with_capacity(total.unwrap_or(0)), spool: BufWriter::new(tempfile::tempfile()?), end: 0 })
    }

    /// Files a record; true when it is the first for its input.
    fn record(&mut self, r: &Record) -> std::io::Result<bool> {
        let kind = match &r.outcome {
            Outcome::Written { warnings, .. } if warnings.is_empty() => Kind::Written,
            Outcome::Written { .. } => Kind::WrittenWithWarnings,
            Outcome::Failed { .. } => Kind::Failed,
            Outcome::Conflict { .. } => Kind::Conflict,
        };
        let json = result_json(r);
        let line = terminal_line(r).unwrap_or_default();
        self.spool.write_all(json.as_bytes())?;
        self.spool.write_all(line.as_bytes())?;
        let slot = Slot { kind, offset: self.end, json_len: len32(&json), line_len: len32(&line) };
        self.end += json.len() as u64 + line.len() as u64;
        if self.slots.len() <= r.index {
            self.slots.resize(r.index + 1, Slot::default());
        }
        let first = self.slots[r.index].kind == Kind::None;
        self.slots[r.index] = slot;
        Ok(first)
    }

    fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for slot in &self.slots {
            match slot.kind {
                Kind::None => continue,
                Kind::Written => s.written += 1,
                Kind::WrittenWithWarnings => {
                    s.written += 1;
                    s.with_warnings += 1;
                }
                Kind::Failed => s.failed += 1,
                Kind::Conflict => s.conflicts += 1,
            }
            s.total += 1;
        }
        s
    }

    /// Calls `each` with the kind, summary JSON and terminal line of every input, in input
    /// order, reading them back from the spool (`want` says which kinds to read).
    fn replay(&mut self, want: impl Fn(Kind) -> bool, mut each: impl FnMut(Kind, &str, &str) -> std::io::Result<()>) -> std::io::Result<()> {
        self.spool.flush()?;
        let mut reader = BufReader::with_capacity(64 * 1024, self.spool.get_ref().try_clone()?);
        reader.seek(SeekFrom::Start(0))?;
        let mut at = 0u64;
        let mut buf = Vec::new();
        for slot in self.slots.iter().filter(|s| s.kind != Kind::None && want(s.kind)) {
            // Records arrive roughly in input order: mostly a short skip forward.
            let delta = i64::try_from(slot.offset).unwrap_or(i64::MAX) - i64::try_from(at).unwrap_or(i64::MAX);
            reader.seek_relative(delta)?;
            let (json_len, line_len) = (slot.json_len as usize, slot.line_len as usize);
            buf.resize(json_len + line_len, 0);
            reader.read_exact(&mut buf)?;
            at = slot.offset + buf.len() as u64;
            let text = std::str::from_utf8(&buf).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            each(slot.kind, &text[..json_len], &text[json_len..])?;
        }
        // Leave the shared file offset at the end for any later write.
        self.spool.get_ref().try_clone()?.seek(SeekFrom::Start(self.end))?;
        Ok(())
    }
}

fn len32(s: &str) -> u32 {
    u32::try_from(s.len()).expect("one record is far below 4 GiB")
}

/// The line printed for a failed, conflicting or warned input; `None` for a clean report.
fn terminal_line(r: &Record) -> Option<String> {
    gongwen::batch::summary::line(r)
}

/// At most this many rows of each kind on the terminal; --summary has them all.
const MAX_ROWS: usize = 30;

fn print_summary(s: &Summary, ledger: &mut Ledger, seconds: f64) -> std::io::Result<()> {
    let rate = if seconds > 0.0 { s.total as f64 / seconds } else { 0.0 };
    let groups = [(Kind::Failed, "失败", s.failed), (Kind::Conflict, "同名冲突", s.conflicts), (Kind::WrittenWithWarnings, "有警告（报告已生成）", s.with_warnings)];
    for (kind, title, count) in groups {
        if count == 0 {
            continue;
        }
        err!("{title}（{count} 份）：");
        let mut shown = 0;
        ledger.replay(
            |k| k == kind,
            |_, _, line| {
                if shown < MAX_ROWS {
                    err!("  {line}");
                }
                shown += 1;
                Ok(())
            },
        )?;
        if count > MAX_ROWS {
            err!("  ……另有 {} 份，完整列表请用 --summary 保存", count - MAX_ROWS);
        }
    }
    out!(
        "共 {} 份：成功 {} 份，失败 {} 份，同名冲突 {} 份，其中 {} 份有警告。用时 {:.2} 秒，每秒 {:.0} 份。",
        s.total, s.written, s.failed, s.conflicts, s.with_warnings, seconds, rate
    );
    Ok(())
}

/// One element of the summary's `results`, pretty-printed and indented for its place in
/// the array (the summary reads as if `serde_json::to_string_pretty` had written it whole).
/// Its `diagnostics` are capped like every list (see `gongwen::diag::listed`).
fn result_json(r: &Record) -> String {
    let value = gongwen::batch::summary::result_value(r);
    let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
    // JSON strings hold no raw line breaks, so indenting line by line is safe.
    let mut out = String::with_capacity(pretty.len() + 256);
    for (i, line) in pretty.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// The --summary file, streamed: the counts, then every input's result in input order.
/// Keys are in the order `serde_json` sorts them, as before.
fn write_summary_json(w: &mut dyn Write, s: &Summary, ledger: &mut Ledger, seconds: f64) -> std::io::Result<()> {
    let seconds = serde_json::to_string(&serde_json::json!((seconds * 1000.0).round() / 1000.0)).unwrap_or_default();
    write!(w, "{{\n  \"conflicts\": {},\n  \"failed\": {},\n  \"results\": [", s.conflicts, s.failed)?;
    let mut first = true;
    ledger.replay(
        |_| true,
        |_, json, _| {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            first = false;
            w.write_all(json.as_bytes())
        },
    )?;
    if !first {
        w.write_all(b"\n  ")?;
    }
    write!(w, "],\n  \"seconds\": {seconds},\n  \"total\": {},\n  \"with_warnings\": {},\n  \"written\": {}\n}}", s.total, s.with_warnings, s.written)
}
