//! `gongwen schema [--template ID]`

use std::io::Write;

use gongwen::{schema, template};

use super::{EXIT_OK, EXIT_PROBLEM};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 报告模板
    #[arg(long, value_name = "模板", default_value = template::DEFAULT_TEMPLATE)]
    pub template: String,
}

pub fn run(args: Args) -> u8 {
    let Some(tpl) = template::find(&args.template) else {
        return super::unknown_template(&args.template, &template::ids());
    };
    let q = &tpl.questionnaire;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{}", schema::json_schema(q)).and_then(|()| out.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("错误：无法输出 JSON Schema（{e}）");
            EXIT_PROBLEM
        }
    }
}
