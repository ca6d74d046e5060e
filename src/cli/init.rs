//! `gongwen init [-o 答案.json] [--template ID] [--force]`

use std::path::{Path, PathBuf};

use gongwen::diag::Diagnostic;
use gongwen::{output, schema, template};

use super::{print_diagnostics, shown, EXIT_OK, EXIT_PROBLEM};

/// The answers file `init` writes when `-o` is not given (or names a folder).
pub const DEFAULT_NAME: &str = "答案.json";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要生成的答案文件；给出文件夹时在其中生成「答案.json」
    #[arg(short, long, value_name = "文件", default_value = DEFAULT_NAME)]
    pub output: PathBuf,
    #[command(flatten)]
    pub kind: super::TemplateArg,
    /// 答案文件已存在时覆盖它（默认不覆盖）
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> u8 {
    let tpl = match args.kind.resolve(None) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let q = &tpl.questionnaire;
    let target = if args.output.is_dir() {
        args.output.join(DEFAULT_NAME)
    } else {
        args.output
    };
    let label = target.display().to_string();
    if target.is_dir() {
        print_diagnostics(&[Diagnostic::error("这是一个文件夹，不能作为答案文件").in_file(label)]);
        return EXIT_PROBLEM;
    }
    // A device or pipe (`-o /dev/stdout`) is written through, nothing is replaced: no
    // --force needed, and no schema file beside it (there is no folder to put it in).
    let stream = output::is_stream(&target);
    if !stream && std::fs::symlink_metadata(&target).is_ok() && !args.force {
        print_diagnostics(&[Diagnostic::error("文件已存在，没有覆盖")
            .in_file(label)
            .with_hint("换一个文件名（-o 其他名称.json），或加 --force 覆盖原文件")]);
        return EXIT_PROBLEM;
    }
    // The schema first: the answers file never points to a schema that is not there. It is
    // generated, so it is always replaced by the current version.
    let schema_name = schema::file_name(q);
    let schema_path = target.with_file_name(&schema_name);
    let kind = (tpl.id() != template::DEFAULT_TEMPLATE).then(|| tpl.id());
    let answers = schema::blank_answers_naming(q, &format!("./{schema_name}"), kind);
    if stream {
        if let Err(d) = write(&target, answers) {
            print_diagnostics(&[d]);
            return EXIT_PROBLEM;
        }
        err!("已生成：{}（没有生成说明文件 {schema_name}：需要时运行 gongwen schema > {schema_name}）", shown(&target));
        return EXIT_OK;
    }
    let written = write(&schema_path, schema::json_schema(q) + "\n").and_then(|()| write(&target, answers));
    if let Err(d) = written {
        print_diagnostics(&[d]);
        return EXIT_PROBLEM;
    }
    let label = gongwen::diag::printable(&label);
    out!("已生成：{label}");
    out!(
        "已生成：{}（编辑器据此显示各字段的说明，请放在答案文件旁边）",
        super::shown(&schema_path)
    );
    out!("下一步：填写 {label}，然后运行 gongwen validate {label} 检查，再运行 gongwen render {label} 生成报告。");
    EXIT_OK
}

fn write(path: &Path, text: String) -> Result<(), Diagnostic> {
    output::write_atomic(path, text.as_bytes())
        .map_err(|e| Diagnostic::error(format!("无法写入文件：{}", output::why(&e))).in_file(path.display().to_string()))
}
