//! `gongwen batch INPUT -o FOLDER [--defaults county.json] [--jobs N] [--strict] [--summary FILE] [--template ID]`

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use gongwen::batch::{self, Outcome, Record};
use gongwen::render::Options;
use gongwen::{output, template};

use super::{print_diagnostics, read_defaults, EXIT_OK, EXIT_PROBLEM, EXIT_USAGE};

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
    /// 报告模板
    #[arg(long, value_name = "模板", default_value = template::DEFAULT_TEMPLATE)]
    pub template: String,
}

/// Set by Ctrl-C: no new township is started; those under way finish whole.
static CANCEL: AtomicBool = AtomicBool::new(false);

pub fn run(args: Args) -> u8 {
    let Some(tpl) = template::find(&args.template) else {
        eprintln!("用法错误：没有模板「{}」", args.template);
        return EXIT_USAGE;
    };
    if args.jobs == Some(0) {
        eprintln!("用法错误：--jobs 至少为 1");
        return EXIT_USAGE;
    }
    // The defaults file is read and checked once, not once per township.
    let defaults = match args.defaults.as_deref().map(read_defaults) {
        None => None,
        Some(Ok((defaults, warnings))) if args.strict && !warnings.is_empty() => {
            print_diagnostics(&warnings);
            eprintln!("没有开始批量生成：严格模式下默认值文件 {} 不能有警告。", defaults.file());
            return EXIT_PROBLEM;
        }
        Some(Ok((defaults, warnings))) => {
            print_diagnostics(&warnings);
            Some(defaults)
        }
        Some(Err(errors)) => {
            print_diagnostics(&errors);
            eprintln!("没有开始批量生成：默认值文件有问题。");
            return EXIT_PROBLEM;
        }
    };
    let inputs = match batch::open(&args.input) {
        Ok(i) => i,
        Err(d) => {
            eprintln!("{d}");
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

    let progress = Progress::new(inputs.total);
    let started = Instant::now();
    let mut records: BTreeMap<usize, Record> = BTreeMap::new();
    let result = batch::run(inputs, &options, &CANCEL, &mut |record| {
        if !records.contains_key(&record.index) {
            progress.tick();
        }
        records.insert(record.index, record);
    });
    progress.finish();
    if let Err(e) = result {
        eprintln!("错误：无法使用输出文件夹「{}」：{e}", args.output.display());
        return EXIT_PROBLEM;
    }
    let elapsed = started.elapsed();
    let summary = Summary::of(&records);
    print_summary(&summary, &records, elapsed.as_secs_f64());
    if let Some(path) = &args.summary {
        let json = summary_json(&summary, &records, elapsed.as_secs_f64());
        let text = serde_json::to_string_pretty(&json).unwrap_or_default();
        if let Err(e) = output::write_atomic(path, text.as_bytes()) {
            eprintln!("错误：无法写入汇总「{}」：{e}", path.display());
            return EXIT_PROBLEM;
        }
    }
    if CANCEL.load(Ordering::SeqCst) {
        eprintln!("已中断：其余乡镇没有处理。已保存的报告都是完整的。");
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

impl Summary {
    fn of(records: &BTreeMap<usize, Record>) -> Summary {
        let mut s = Summary { total: records.len(), ..Summary::default() };
        for r in records.values() {
            match &r.outcome {
                Outcome::Written { warnings, .. } => {
                    s.written += 1;
                    s.with_warnings += usize::from(!warnings.is_empty());
                }
                Outcome::Failed { .. } => s.failed += 1,
                Outcome::Conflict { .. } => s.conflicts += 1,
            }
        }
        s
    }
}

/// At most this many rows of each kind on the terminal; --summary has them all.
const MAX_ROWS: usize = 30;

fn print_summary(s: &Summary, records: &BTreeMap<usize, Record>, seconds: f64) {
    let rate = if seconds > 0.0 { s.total as f64 / seconds } else { 0.0 };
    let print_rows = |title: &str, rows: Vec<String>| {
        if rows.is_empty() {
            return;
        }
        eprintln!("{title}（{} 份）：", rows.len());
        for row in rows.iter().take(MAX_ROWS) {
            eprintln!("  {row}");
        }
        if rows.len() > MAX_ROWS {
            eprintln!("  ……另有 {} 份，完整列表请用 --summary 保存", rows.len() - MAX_ROWS);
        }
    };
    let failed = records.values().filter(|r| matches!(r.outcome, Outcome::Failed { .. })).map(|r| format!("{}：{}", r.input, r.reason().unwrap_or_default())).collect();
    let conflicts = records.values().filter(|r| matches!(r.outcome, Outcome::Conflict { .. })).map(|r| format!("{}：{}", r.input, r.reason().unwrap_or_default())).collect();
    let warned = records
        .values()
        .filter_map(|r| match &r.outcome {
            Outcome::Written { warnings, .. } if !warnings.is_empty() => {
                Some(format!("{}：{} 条警告，第一条：{}", r.input, warnings.len(), warnings[0].to_string().lines().next().unwrap_or("")))
            }
            _ => None,
        })
        .collect();
    print_rows("失败", failed);
    print_rows("同名冲突", conflicts);
    print_rows("有警告（报告已生成）", warned);
    println!(
        "共 {} 份：成功 {} 份，失败 {} 份，同名冲突 {} 份，其中 {} 份有警告。用时 {:.2} 秒，每秒 {:.0} 份。",
        s.total, s.written, s.failed, s.conflicts, s.with_warnings, seconds, rate
    );
}

fn summary_json(s: &Summary, records: &BTreeMap<usize, Record>, seconds: f64) -> serde_json::Value {
    let results: Vec<serde_json::Value> = records
        .values()
        .map(|r| {
            let (status, file, diags) = match &r.outcome {
                Outcome::Written { file, warnings } => ("written", Some(file.clone()), warnings.clone()),
                Outcome::Failed { errors } => ("failed", None, errors.clone()),
                Outcome::Conflict { file, .. } => ("conflict", Some(file.clone()), Vec::new()),
            };
            serde_json::json!({
                "input": r.input,
                "status": status,
                "file": file,
                "reason": r.reason(),
                "diagnostics": diags,
            })
        })
        .collect();
    serde_json::json!({
        "total": s.total,
        "written": s.written,
        "failed": s.failed,
        "conflicts": s.conflicts,
        "with_warnings": s.with_warnings,
        "seconds": (seconds * 1000.0).round() / 1000.0,
        "results": results,
    })
}
