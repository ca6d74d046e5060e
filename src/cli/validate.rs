//! `gongwen validate answers.json [--json] [--defaults county.json] [--template ID]`

use std::path::PathBuf;

use gongwen::diag::{has_errors, listed, printable, tally, Diagnostic};
use gongwen::validate::validate;

use super::render::read_input;
use super::{print_diagnostics, read_defaults, EXIT_OK, EXIT_PROBLEM};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 问卷答案文件（JSON；UTF-8、UTF-16 或 GBK 编码均可）
    pub input: PathBuf,
    /// 把发现的问题以 JSON 数组输出到标准输出（供其他程序读取）
    #[arg(long)]
    pub json: bool,
    /// 县级默认值文件：乡镇答案中没有填写的字段取其中的值
    #[arg(long, value_name = "文件")]
    pub defaults: Option<PathBuf>,
    #[command(flatten)]
    pub kind: super::TemplateArg,
}

pub fn run(args: Args) -> u8 {
    let flagged = match args.kind.resolve_flag() {
        Ok(t) => t,
        Err(status) => return status,
    };
    let label = args.input.display().to_string();
    let bytes = match read_input(&args.input) {
        Ok(bytes) => bytes,
        Err(d) => return report(&[d], &label, args.json),
    };
    let tpl = match flagged.map_or_else(|| args.kind.resolve_for(&bytes), Ok) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let mut found = Vec::new();
    let defaults = match args.defaults.as_deref().map(|p| read_defaults(p, &tpl)) {
        None => None,
        Some(Ok((defaults, warnings))) => {
            found.extend(warnings);
            Some(defaults)
        }
        Some(Err(errors)) => {
            found.extend(errors);
            return report(&found, &label, args.json);
        }
    };
    found.extend(validate(&bytes, &label, defaults.as_ref(), &tpl));
    report(&found, &label, args.json)
}

/// Prints the findings (JSON on stdout, or text on stderr) and a one-line summary on stderr.
/// Both list at most [`MAX_LISTED`](gongwen::diag::MAX_LISTED) findings; in JSON the rest
/// are counted by a last element with an `omitted` field.
fn report(found: &[Diagnostic], label: &str, json: bool) -> u8 {
    if json {
        let text = serde_json::to_string_pretty(&listed(found)).unwrap_or_else(|_| "[]".into());
        out!("{text}");
    } else {
        print_diagnostics(found);
    }
    let label = printable(label);
    let (errors, warnings) = tally(found);
    if errors > 0 {
        err!(
            "检查未通过：{label} 有 {errors} 处错误、{warnings} 处警告；改正错误后才能生成报告。"
        );
    } else if warnings > 0 {
        err!("检查通过：{label} 没有错误，有 {warnings} 处警告，请查看。");
    } else {
        err!("检查通过：{label} 没有发现问题。");
    }
    if has_errors(found) {
        EXIT_PROBLEM
    } else {
        EXIT_OK
    }
}
