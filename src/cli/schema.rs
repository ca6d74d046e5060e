//! `gongwen schema [--template ID]`

use gongwen::schema;

use super::EXIT_OK;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub kind: super::TemplateArg,
}

pub fn run(args: Args) -> u8 {
    let tpl = match args.kind.resolve(None) {
        Ok(t) => t,
        Err(status) => return status,
    };
    let q = &tpl.questionnaire;
    // A closed or full stdout is handled by `out!` (see `console`).
    out!("{}", schema::json_schema(q));
    EXIT_OK
}
