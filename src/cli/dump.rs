//! `gongwen dump FILE.docx`: the stable text outline of a report, for diffs (and for git's
//! textconv diff driver: `git config diff.gongwen.textconv "gongwen dump"`).

use std::path::PathBuf;

use gongwen::diag::printable;
use gongwen::inspect::outline;

use super::{EXIT_OK, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要输出大纲的 .docx 文件
    #[arg(value_name = "文件")]
    pub file: PathBuf,
}

pub fn run(args: Args) -> u8 {
    match super::check::read_docx(&args.file) {
        Ok(docx) => {
            // The outline is the .docx's own text: control characters are shown escaped.
            super::console::out_text(&printable(&outline::dump(&docx)));
            EXIT_OK
        }
        Err(why) => {
            err!("{}：无法读取：{}", printable(&args.file.display().to_string()), printable(&why));
            EXIT_UNREADABLE
        }
    }
}
