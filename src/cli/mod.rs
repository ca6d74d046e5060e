//! Command-line layer: clap types, converted to library options at the edge, one module per
//! subcommand. Library functions never print; this layer does, in Chinese.

// A Diagnostic is the error of every input step; here an error ends the command, so its size
// does not matter (the library allows this lint on its Diagnostic-returning stages too).
#![allow(clippy::result_large_err)]

/// `println!` that does not panic on a closed or full stdout (see [`console`]).
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::console::out_line(format_args!($($arg)*)) };
}

/// `eprintln!` that does not panic on a closed or full stderr (see [`console`]).
macro_rules! err {
    ($($arg:tt)*) => { $crate::cli::console::err_line(format_args!($($arg)*)) };
}

mod batch;
mod check;
mod console;
mod dump;
mod format;
mod import;
mod init;
mod render;
mod schema;
mod serve;
mod kind;
mod templates;
mod test;
mod usage;
mod validate;

use std::path::Path;
use std::process::ExitCode;

use clap::{error::ErrorKind, Parser, Subcommand};

use std::sync::Arc;

use gongwen::defaults::Defaults;
use gongwen::diag::Diagnostic;
use gongwen::template::{self, FindError, Template};

/// gongwen：把乡镇填写的问卷答案（JSON）转换成符合 GB/T 9704-2012 的公文报告（.docx）。
#[derive(Debug, Parser)]
#[command(name = "gongwen", version, about, long_about = None, disable_help_subcommand = true)]
#[command(help_template = "{about}\n\n用法：{usage}\n\n命令：\n{subcommands}\n\n选项：\n{options}\n")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 生成一份待填写的答案文件（所有字段都已列出）
    Init(init::Args),
    /// 检查答案文件，一次列出所有问题，不生成报告
    Validate(validate::Args),
    /// 把一份问卷答案生成为 .docx 报告
    Render(render::Args),
    /// 批量生成：一个文件夹（或 JSON Lines、JSON 数组文件）中的全部乡镇
    Batch(batch::Args),
    /// 检查 .docx 报告的结构、编号、残留文字和 GB/T 9704 版式
    Check(check::Args),
    /// 把已有的报告（Word、WPS 的 .docx，或 .txt、.md）整理成符合 GB/T 9704 的 .docx
    Format(format::Args),
    /// 输出 .docx 报告的文本大纲（用于比较差异）
    Dump(dump::Args),
    /// 生成文件夹中的全部样例答案，与快照比较
    Test(test::Args),
    /// 输出答案文件的 JSON Schema（供编辑器提示和检查）
    Schema(schema::Args),
    /// 列出能找到的全部报告模板及其位置
    Templates(templates::Args),
    /// 检查（lint）或新建（new）报告模板
    Template(kind::Args),
    /// 在浏览器中填写问卷、检查并下载报告（本机网页服务）
    Serve(serve::Args),
}

/// Exit statuses, as documented in the README.
pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEM: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
/// `check` and `dump`: a file that cannot be read as a .docx.
pub const EXIT_UNREADABLE: u8 = 2;

/// Help page layout with Chinese headings (clap's own are English).
const SUBCOMMAND_HELP: &str = "{about}\n\n用法：{usage}\n\n参数：\n{positionals}\n\n选项：\n{options}\n";
/// The same for subcommands that take no positional argument.
const SUBCOMMAND_HELP_NO_ARGS: &str = "{about}\n\n用法：{usage}\n\n选项：\n{options}\n";

/// The clap command with Chinese help texts for the flags clap adds itself.
fn command() -> clap::Command {
    use clap::{Arg, ArgAction, CommandFactory};
    let help = || Arg::new("help").short('h').long("help").action(ArgAction::Help).help("显示帮助");
    Cli::command()
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(help())
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("显示版本"))
        .mut_subcommands(|sub| {
            let template = if sub.get_positionals().next().is_some() { SUBCOMMAND_HELP } else { SUBCOMMAND_HELP_NO_ARGS };
            sub.help_template(template).disable_help_flag(true).arg(help())
        })
}

pub fn main() -> ExitCode {
    use clap::FromArgMatches;
    let cli = match command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let status = match cli.command {
        Command::Init(args) => init::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Render(args) => render::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Check(args) => check::run(args),
        Command::Format(args) => format::run(args),
        Command::Dump(args) => dump::run(args),
        Command::Test(args) => test::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Templates(args) => templates::run(args),
        Command::Template(args) => kind::run(args),
        Command::Serve(args) => serve::run(args),
    };
    ExitCode::from(console::finish(status))
}

/// clap's own messages are English; clerks get a Chinese line first, then clap's details.
fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            let status = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { EXIT_USAGE } else { EXIT_OK };
            return ExitCode::from(console::finish(status));
        }
        _ => {}
    }
    for line in usage::describe(&e) {
        err!("{line}");
    }
    ExitCode::from(console::finish(EXIT_USAGE))
}

/// Prints diagnostics to stderr, errors and warnings alike, each once; at most
/// [`MAX_LISTED`](gongwen::diag::MAX_LISTED) of them and a count of the rest.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    for d in gongwen::diag::listed(diags).iter() {
        err!("{d}");
    }
}

/// A path as the user may see it on a terminal (control characters escaped).
pub fn shown(path: &Path) -> String {
    gongwen::diag::printable(&path.display().to_string()).into_owned()
}

/// `--template`, the same on every command that reads answers or writes for a kind.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TemplateArg {
    /// 报告模板：模板名称或模板文件夹（省略时用答案文件中的 "$template"，再没有则用内置的 fazhan-dangyuan）
    #[arg(long, value_name = "模板")]
    pub template: Option<String>,
}

impl TemplateArg {
    /// The kind to use: the flag's, else the one an answers file names in `"$template"`,
    /// else the built-in default. A kind that cannot be found or loaded is printed as a
    /// usage error; `Err` is the exit status (2). A `"$template"` that disagrees with the
    /// flag is not decided here: the answers check reports it (exit 1).
    pub fn resolve(&self, named_in_answers: Option<&str>) -> Result<Arc<Template>, u8> {
        let Some(value) = self.template.as_deref().or(named_in_answers) else {
            return Ok(template::default_template());
        };
        if self.template.is_none() && value.contains(['/', '\\']) {
            err!("用法错误：答案文件中的 \"$template\" 应为模板名称，不能是路径（「{}」）；模板文件夹请用 --template 给出", gongwen::diag::printable(value));
            return Err(EXIT_USAGE);
        }
        template::find(value).map_err(|e| {
            match e {
                FindError::NotFound(m) => err!("用法错误：{m}"),
                FindError::Broken(m) => {
                    for line in m.lines() {
                        err!("错误：{line}");
                    }
                    err!("模板无法使用：请改正以上问题（没有生成任何文件）。");
                }
            }
            EXIT_USAGE
        })
    }

    /// The flag's kind, before any answers are read (so that a wrong `--template` is a usage
    /// error whatever the answers file is); `Ok(None)` when there is no flag.
    pub fn resolve_flag(&self) -> Result<Option<Arc<Template>>, u8> {
        self.template.as_ref().map(|_| self.resolve(None)).transpose()
    }

    /// [`Self::resolve`] for one answers file's bytes: its `"$template"` is read when no
    /// flag is given.
    pub fn resolve_for(&self, answers: &[u8]) -> Result<Arc<Template>, u8> {
        let named = if self.template.is_none() { gongwen::answers::named_template(answers) } else { None };
        self.resolve(named.as_deref())
    }
}

/// Reads the county defaults file for `render` and `batch` (once, however many townships),
/// printing its warnings; under `--strict` its warnings are errors. `Err` is the exit status
/// to return, the problems already printed.
pub fn load_defaults(path: Option<&Path>, strict: bool, template: &Template) -> Result<Option<Defaults>, u8> {
    let Some(path) = path else { return Ok(None) };
    match read_defaults(path, template) {
        Ok((defaults, warnings)) if strict && !warnings.is_empty() => {
            let errors: Vec<Diagnostic> = warnings.into_iter().map(|d| Diagnostic { severity: gongwen::diag::Severity::Error, ..d }).collect();
            print_diagnostics(&errors);
            let (count, _) = gongwen::diag::tally(&errors);
            err!("没有生成报告：严格模式下默认值文件 {} 不能有警告，请先改正以上 {count} 处问题。", gongwen::diag::printable(defaults.file()));
            Err(EXIT_PROBLEM)
        }
        Ok((defaults, warnings)) => {
            print_diagnostics(&warnings);
            Ok(Some(defaults))
        }
        Err(errors) => {
            print_diagnostics(&errors);
            err!("没有生成报告：默认值文件有问题。");
            Err(EXIT_PROBLEM)
        }
    }
}

/// Reads and parses a `--defaults` file: the defaults and their warnings, or its problems.
pub fn read_defaults(path: &Path, template: &Template) -> Result<(Defaults, Vec<Diagnostic>), Vec<Diagnostic>> {
    let bytes = render::read_input(path).map_err(|d| vec![d])?;
    Defaults::parse(&bytes, &path.display().to_string(), template)
}
