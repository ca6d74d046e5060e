//! `gongwen templates`: every report kind found, in the order `--template` searches, with
//! where each one came from. A folder that cannot be used is listed with its problems.
//!
//! Exit status: 0, or 2 when a folder found cannot be used.

use gongwen::template::{self, Origin};

use super::{EXIT_OK, EXIT_USAGE};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> u8 {
    let mut status = EXIT_OK;
    let listed = template::list();
    for l in &listed {
        match &l.template {
            Ok(t) => {
                let note = if l.shadowed { "（与前面的模板同名，不会被选用）" } else { "" };
                out!("{}\t{}\t{}{note}", t.id(), gongwen::diag::printable(t.name()), t.origin);
            }
            Err(why) => {
                status = EXIT_USAGE;
                out!("（无法使用）\t\t{}", l.origin);
                for line in why.lines() {
                    out!("    {line}");
                }
            }
        }
    }
    let usable = listed.iter().filter(|l| l.template.is_ok() && !l.shadowed).count();
    let searched: Vec<String> = template::search_folders().iter().map(|(place, dir)| Origin::Search(*place, dir.clone()).to_string()).collect();
    err!("共 {usable} 个可用的模板。查找顺序：--template 给出的文件夹；{}；内置模板。", searched.join("；"));
    status
}
