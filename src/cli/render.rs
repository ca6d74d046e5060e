//! `gongwen render answers.json [-o report.docx] [--strict] [--template ID] [--defaults county.json]`

use std::path::{Path, PathBuf};

use gongwen::diag::Diagnostic;
use gongwen::render::{render_bytes_with_defaults, Options};
use gongwen::read::{self, ReadError};
use gongwen::{limits, output};

use super::{load_defaults, print_diagnostics, shown, EXIT_OK, EXIT_PROBLEM};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 问卷答案文件（JSON；UTF-8、UTF-16 或 GBK 编码均可）
    pub input: PathBuf,
    /// 输出的 .docx 文件；省略时以报告标题命名，保存在当前文件夹；给出文件夹时保存在该文件夹中
    #[arg(short, long, value_name = "文件")]
    pub output: Option<PathBuf>,
    /// 严格模式：答案中有占位符（XX、某某……）或其他警告时不生成报告，退出状态为 1
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub kind: super::TemplateArg,
    /// 县级默认值文件：乡镇答案中没有填写的字段取其中的值
    #[arg(long, value_name = "文件")]
    pub defaults: Option<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let flagged = match args.kind.resolve_flag() {
        Ok(t) => t,
        Err(status) => return status,
    };
    let label = args.input.display().to_string();
    let bytes = match read_input(&args.input) {
        Ok(b) => b,
        Err(d) => {
            print_diagnostics(&[d]);
            return EXIT_PROBLEM;
        }
    };
    let tpl = match flagged.map_or_else(|| args.kind.resolve_for(&bytes), Ok) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let defaults = match load_defaults(args.defaults.as_deref(), args.strict, &tpl) {
        Ok(d) => d,
        Err(status) => return status,
    };
    let options = Options { strict: args.strict, template: tpl };
    let report = match render_bytes_with_defaults(&bytes, &label, defaults.as_ref(), &options) {
        Ok(r) => r,
        Err(diags) => {
            print_diagnostics(&diags);
            err!("没有生成报告：请先改正以上 {} 处问题。", gongwen::diag::tally(&diags).0);
            return EXIT_PROBLEM;
        }
    };
    print_diagnostics(&report.warnings);
    let name = output::file_name_for(&report.document.meta.file_stem());
    let target = match &args.output {
        // `-o 报告.docx` naming a folder is a mistake, not a request to write inside it.
        Some(p) if p.is_dir() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx")) => {
            print_diagnostics(&[Diagnostic::error("输出路径是一个文件夹，不是 .docx 文件").in_file(p.display().to_string())]);
            return EXIT_PROBLEM;
        }
        Some(p) if p.is_dir() => p.join(&name),
        Some(p) => p.clone(),
        None => PathBuf::from(&name),
    };
    match write_report(&target, &report.docx) {
        Ok(output::Written::File) => out!("已生成：{}", shown(&target)),
        // `-o /dev/stdout`: the report is the output; the confirmation must not follow it.
        Ok(output::Written::Stream) => err!("已生成：{}", shown(&target)),
        Err(d) => {
            print_diagnostics(&[d]);
            return EXIT_PROBLEM;
        }
    }
    EXIT_OK
}

/// Reads an input file of at most [`limits::MAX_INPUT_BYTES`], whatever it is: a regular
/// file over the limit is refused unread, anything else (a pipe, a device, a link to
/// `/dev/zero`) is refused as soon as it gives more (see [`gongwen::read`]).
pub fn read_input(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let label = path.display().to_string();
    read::read_to_limit(path, limits::MAX_INPUT_BYTES as u64).map_err(|e| {
        let why = match e {
            ReadError::Directory => "这是一个文件夹，不是答案文件".to_string(),
            e @ ReadError::TooLarge { .. } => e.to_string(),
            e => format!("无法读取输入文件：{e}"),
        };
        Diagnostic::error(why).in_file(label)
    })
}

/// Writes the report: a regular file atomically (a failure leaves an existing file
/// untouched), a device or pipe through; anything else is refused ([`output::write_to`]).
pub fn write_report(target: &Path, bytes: &[u8]) -> Result<output::Written, Diagnostic> {
    output::write_to(target, bytes).map_err(|e| Diagnostic::error(format!("无法写入报告：{}", output::why(&e))).in_file(target.display().to_string()))
}

/// An I/O error in Chinese (see [`gongwen::syserr::reason`]), the system's error number
/// kept for the technician.
pub fn io_problem(file: &str, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("{what}：{}", gongwen::syserr::reason(e))).in_file(file)
}
