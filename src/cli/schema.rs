//! `gongwen schema [--template ID]`

use gongwen::{schema, template};

use super::EXIT_OK;

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
    // A closed or full stdout is handled by `out!` (see `console`).
    out!("{}", schema::json_schema(q));
    EXIT_OK
}
