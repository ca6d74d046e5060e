//! `gongwen format 报告.docx|.txt|.md|FOLDER... [-o 规范.docx|DIR] [--strict] [--in-place]`
//!
//! Each input is read, formatted ([`gongwen::format`]) and written whole (temporary file,
//! then rename) as 「<name>-规范.docx」 beside it, or where `-o` says. The input is never
//! written over unless `--in-place`, which first saves it as 「<name>.docx.bak」 (or .bak2, …:
//! an older backup is never replaced). A folder stands for every .docx, .txt and .md in it
//! (not Word's ~$ lock files; files named …-规范.docx, this command's own outputs, are listed
//! as skipped).
//!
//! Exit status, as `check`: 0 every report written; 1 a report not written (`--strict` with
//! warnings, nothing to format, the output cannot be written); 2 an input that cannot be
//! read (2 wins).

use std::path::{Path, PathBuf};

use gongwen::diag::{grouped, printable, MAX_LISTED};
use gongwen::format::{self, Change, Format, Kind};
use gongwen::read::{self, ReadError};
use gongwen::{limits, output, syserr};

use super::{print_diagnostics, shown, EXIT_OK, EXIT_PROBLEM, EXIT_UNREADABLE, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要整理的报告（.docx、.txt 或 .md），或文件夹（整理其中所有这些文件）
    #[arg(required = true, value_name = "文件或文件夹")]
    pub paths: Vec<PathBuf>,
    /// 输出的 .docx 文件（只整理一个文件时），或输出文件夹；省略时保存在原文件旁，名为「原名-规范.docx」
    #[arg(short, long, value_name = "文件或文件夹", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,
    /// 严格模式：有没有保留的内容、占位符、广告残留或删去的文字时不生成，退出状态为 1
    #[arg(long)]
    pub strict: bool,
    /// 直接改写原 .docx 文件（原文件先另存为「原名.docx.bak」）
    #[arg(long)]
    pub in_place: bool,
}

/// The suffix of this command's outputs: 「报告-规范.docx」.
const SUFFIX: &str = "-规范";

pub fn run(args: Args) -> u8 {
    let mut inputs: Vec<PathBuf> = Vec::new();
    let mut status = EXIT_OK;
    for path in &args.paths {
        match expand(path, args.in_place) {
            Ok(files) => inputs.extend(files),
            Err(why) => {
                out!("{}：无法读取：{}", shown(path), printable(&why));
                status = EXIT_UNREADABLE;
            }
        }
    }
    let to_folder = match &args.output {
        Some(o) if inputs.len() > 1 || args.paths.iter().any(|p| p.is_dir()) => {
            if !o.is_dir() {
                err!("用法错误：整理多个文件时 -o 应是一个已有的文件夹（{}）", shown(o));
                return EXIT_USAGE;
            }
            true
        }
        Some(o) => o.is_dir(),
        None => false,
    };
    for input in &inputs {
        let target = match (&args.output, args.in_place) {
            (_, true) => input.clone(),
            (Some(o), _) if to_folder => o.join(output_name(input)),
            (Some(o), _) => o.clone(),
            (None, _) => input.with_file_name(output_name(input)),
        };
        status = status.max(format_file(input, &target, &args));
    }
    if inputs.len() > 1 {
        out!("共 {} 个文件", inputs.len());
    }
    status
}

/// 「报告.docx」 → 「报告-规范.docx」.
fn output_name(input: &Path) -> String {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    format!("{stem}{SUFFIX}.docx")
}

/// A file stays itself; a folder becomes its .docx, .txt and .md entries, sorted, each
/// listed whatever it turns out to be (a broken link is reported unreadable, not skipped).
fn expand(path: &Path, in_place: bool) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("无法读取文件夹：{}", syserr::reason(&e)))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| Format::of(p).is_some())
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$")))
        .collect();
    files.sort();
    let (ours, files): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|p| !in_place && is_output(p));
    for p in &ours {
        out!("{}：已跳过（是本命令生成的文件）", shown(p));
    }
    if files.is_empty() && ours.is_empty() {
        return Err("文件夹里没有 .docx、.txt 或 .md 文件".into());
    }
    Ok(files)
}

fn is_output(p: &Path) -> bool {
    p.file_stem().is_some_and(|s| s.to_string_lossy().ends_with(SUFFIX)) && Format::of(p) == Some(Format::Docx)
}

/// True when `a` and `b` are the same existing file (also through links or `..`).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn format_file(input: &Path, target: &Path, args: &Args) -> u8 {
    let name = shown(input);
    let Some(kind) = Format::of(input) else {
        out!("{name}：无法读取：不是 .docx、.txt 或 .md 文件");
        return EXIT_UNREADABLE;
    };
    if args.in_place && kind != Format::Docx {
        out!("{name}：没有整理：--in-place 只用于 .docx 文件（文本文件请用 -o 另存为 .docx）");
        return EXIT_PROBLEM;
    }
    if !args.in_place && same_file(input, target) {
        out!("{name}：没有整理：输出文件就是输入文件；要改写原文件请用 --in-place（会先备份）");
        return EXIT_PROBLEM;
    }
    let limit = if kind == Format::Docx { limits::MAX_DOCX_BYTES } else { limits::MAX_INPUT_BYTES as u64 };
    let bytes = match read::read_to_limit(input, limit) {
        Ok(b) => b,
        Err(e) => {
            let why = match e {
                ReadError::TooLarge { len: Some(len), .. } if kind == Format::Docx => gongwen::inspect::ReadError::TooLarge(len).to_string(),
                e => e.to_string(),
            };
            out!("{name}：无法读取：{}", printable(&why));
            return EXIT_UNREADABLE;
        }
    };
    let raw = match format::read(&bytes, kind) {
        Ok(raw) => raw,
        Err(why) => {
            out!("{name}：无法读取：{}", printable(&why));
            return EXIT_UNREADABLE;
        }
    };
    let formatted = match format::format(raw) {
        Ok(f) => f,
        Err(d) => {
            out!("{name}：没有整理：{}", printable(&d.message));
            return EXIT_PROBLEM;
        }
    };
    out!("{name}：");
    print_changes(&formatted.changes, formatted.blank.len());
    let warnings: Vec<_> = formatted.warnings.iter().map(|d| d.clone().in_file(input.display().to_string())).collect();
    print_diagnostics(&warnings);
    if args.strict && (!warnings.is_empty() || !formatted.removed.is_empty()) {
        out!("  没有生成：严格模式下不能有警告或删去的文字（{} 条警告，删去 {} 处）", warnings.len(), formatted.removed.len());
        return EXIT_PROBLEM;
    }
    if args.in_place {
        let backup = match backup_name(input) {
            Some(b) => b,
            None => {
                out!("  没有生成：找不到可用的备份文件名（{}.bak …）", name);
                return EXIT_PROBLEM;
            }
        };
        if let Err(e) = output::write_atomic(&backup, &bytes) {
            out!("  没有生成：无法写入备份 {}：{}", shown(&backup), printable(&output::why(&e)));
            return EXIT_PROBLEM;
        }
        out!("  原文件已备份为：{}", shown(&backup));
    }
    match output::write_to(target, &formatted.docx) {
        Ok(_) => {
            out!("  已生成：{}", shown(target));
            EXIT_OK
        }
        Err(e) => {
            out!("  没有生成：无法写入 {}：{}", shown(target), printable(&output::why(&e)));
            EXIT_PROBLEM
        }
    }
}

/// 「报告.docx.bak」, else 「报告.docx.bak2」 … : the first name not taken.
fn backup_name(input: &Path) -> Option<PathBuf> {
    let base = input.file_name()?.to_string_lossy().into_owned();
    (1..=100).map(|i| input.with_file_name(if i == 1 { format!("{base}.bak") } else { format!("{base}.bak{i}") })).find(|p| std::fs::symlink_metadata(p).is_err())
}

/// One line per change (at most [`MAX_LISTED`]), and the blank paragraphs left out.
fn print_changes(changes: &[Change], blank: usize) {
    for c in changes.iter().take(MAX_LISTED) {
        let what = match c.kind {
            Kind::FullWidth => format!("半角标点「{}」改为「{}」", c.from, c.to),
            Kind::Numbering if c.from.is_empty() => format!("加上编号「{}」", c.to),
            Kind::Numbering => format!("编号「{}」改为「{}」", c.from, c.to),
            Kind::Removed => format!("删去「{}」", gongwen::readers::docx::preview(&c.from)),
            Kind::Rewritten => format!("「{}」改为「{}」", gongwen::readers::docx::preview(&c.from), gongwen::readers::docx::preview(&c.to)),
        };
        let why = c.why.as_deref().map(|w| format!("（{w}）")).unwrap_or_default();
        out!("  {}：{}{}", c.at, printable(&what), printable(&why));
    }
    if changes.len() > MAX_LISTED {
        out!("  ……另有 {} 处改动未列出", grouped(changes.len() - MAX_LISTED));
    }
    if blank > 0 {
        out!("  删去空段落 {} 个", grouped(blank));
    }
    if changes.is_empty() && blank == 0 {
        out!("  文字没有改动");
    }
}
