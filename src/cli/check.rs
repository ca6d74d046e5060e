//! `gongwen check FILE.docx|FOLDER... [--json] [--template NAME|DIR | --sections 甲,乙]`
//!
//! The sections a report must have: `--sections` as given; else the sections (with their
//! alternative titles) of the `--template` kind; else, for each file, those of the kind
//! whose every section the report's level-1 headings show (the most sections wins, ties
//! go to the kind found first), and the default kind's when none matches.
//!
//! Exit status: 0 no finding, 1 findings, 2 a file that cannot be read (not a .docx, broken
//! XML, over the size limits) — 2 wins when both happen.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use gongwen::check::{check, sections_present, CheckOptions, Finding, Section};
use gongwen::template::{self, Template};
use gongwen::diag::{grouped, printable, MAX_LISTED};
use gongwen::inspect::{self, Docx};
use gongwen::{limits, syserr};
use gongwen::read::{self, ReadError};

use super::{EXIT_OK, EXIT_PROBLEM, EXIT_UNREADABLE};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// 要检查的 .docx 文件，或文件夹（检查其中所有 .docx）
    #[arg(required = true, value_name = "文件或文件夹")]
    pub paths: Vec<PathBuf>,
    /// 以 JSON 输出检查结果
    #[arg(long)]
    pub json: bool,
    /// 应有的一级标题（按顺序，逗号分隔；给空值则不检查）；省略时取模板中的各部分
    #[arg(long, value_name = "部分", value_delimiter = ',', conflicts_with = "template")]
    pub sections: Option<Vec<String>>,
    /// 按此报告模板的各部分（及其别名）检查；省略时按与报告标题相符的模板，都不相符时按内置的 fazhan-dangyuan
    #[arg(long, value_name = "模板")]
    pub template: Option<String>,
}

/// Where the expected sections come from.
enum Sections {
    Fixed(CheckOptions),
    /// Chosen per file among these kinds (the default first).
    ByHeadings(Vec<Arc<Template>>),
}

impl Sections {
    fn for_file(&self, docx: &Docx) -> CheckOptions {
        match self {
            Sections::Fixed(opts) => opts.clone(),
            Sections::ByHeadings(kinds) => {
                let mut best: Option<&Arc<Template>> = None;
                for kind in kinds {
                    let sections = &kind.manifest.sections;
                    let all = sections_present(docx, sections) == sections.len();
                    if all && best.is_none_or(|b| sections.len() > b.manifest.sections.len()) {
                        best = Some(kind);
                    }
                }
                best.map_or_else(CheckOptions::default, |t| CheckOptions::for_template(t))
            }
        }
    }
}

/// The outcome for one file.
#[derive(Debug, serde::Serialize)]
struct FileResult {
    file: String,
    /// Why the file could not be read (exit 2).
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    /// The first [`MAX_LISTED`] findings.
    findings: Vec<Finding>,
    /// How many findings there are beyond those listed (absent when none).
    #[serde(skip_serializing_if = "Option::is_none")]
    omitted: Option<usize>,
}

impl FileResult {
    fn unreadable(file: String, why: String) -> FileResult {
        FileResult { file, error: Some(why), findings: Vec::new(), omitted: None }
    }

    /// Keeps the first [`MAX_LISTED`] findings and counts the rest.
    fn checked(file: String, mut findings: Vec<Finding>) -> FileResult {
        let omitted = findings.len().checked_sub(MAX_LISTED).filter(|n| *n > 0);
        findings.truncate(MAX_LISTED);
        FileResult { file, error: None, findings, omitted }
    }

    fn count(&self) -> usize {
        self.findings.len() + self.omitted.unwrap_or(0)
    }
}

pub fn run(args: Args) -> u8 {
    let opts = if let Some(list) = &args.sections {
        Sections::Fixed(CheckOptions { sections: list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(Section::from).collect() })
    } else if args.template.is_some() {
        match (super::TemplateArg { template: args.template.clone() }).resolve(None) {
            Ok(t) => Sections::Fixed(CheckOptions::for_template(&t)),
            Err(status) => return status,
        }
    } else {
        let mut kinds = vec![template::default_template()];
        for listed in template::list() {
            if let (Ok(t), false) = (listed.template, listed.shadowed) {
                if !kinds.iter().any(|k| k.id() == t.id()) {
                    kinds.push(t);
                }
            }
        }
        Sections::ByHeadings(kinds)
    };
    let mut results = Vec::new();
    for path in &args.paths {
        match expand(path) {
            Ok(files) => results.extend(files.iter().map(|f| check_file(f, &opts))),
            Err(why) => results.push(FileResult::unreadable(path.display().to_string(), why)),
        }
    }
    if args.json {
        match serde_json::to_string_pretty(&results) {
            Ok(text) => out!("{text}"),
            Err(e) => err!("错误：无法输出 JSON（{}）", printable(&e.to_string())),
        }
    } else {
        print_human(&results);
    }
    if results.iter().any(|r| r.error.is_some()) {
        EXIT_UNREADABLE
    } else if results.iter().any(|r| !r.findings.is_empty()) {
        EXIT_PROBLEM
    } else {
        EXIT_OK
    }
}

/// A file stays itself; a folder becomes every entry named `*.docx` (any case, hidden ones
/// too, but not Word's `~$` lock files), sorted. An entry is listed whatever it is — a
/// folder, a broken or looping link, a FIFO — so that one that cannot be read is reported
/// as unreadable (exit 2) instead of silently missing from the count.
fn expand(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("无法读取文件夹：{}", syserr::reason(&e)))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("docx")))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("~$")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("文件夹里没有 .docx 文件".into());
    }
    Ok(files)
}

fn check_file(path: &Path, opts: &Sections) -> FileResult {
    let file = path.display().to_string();
    match read_docx(path) {
        Ok(docx) => FileResult::checked(file, check(&docx, &opts.for_file(&docx))),
        Err(why) => FileResult::unreadable(file, why),
    }
}

/// Reads and parses a .docx of at most [`limits::MAX_DOCX_BYTES`], whatever the path is
/// (see [`gongwen::read`]: a regular file over the limit is refused unread, a device or pipe
/// as soon as it gives more).
pub fn read_docx(path: &Path) -> Result<Docx, String> {
    let bytes = read::read_to_limit(path, limits::MAX_DOCX_BYTES).map_err(|e| match e {
        ReadError::TooLarge { len: Some(len), .. } => inspect::ReadError::TooLarge(len).to_string(),
        e => e.to_string(),
    })?;
    inspect::read(&bytes).map_err(|e| e.to_string())
}

/// The text report; the .docx's own text (paragraphs, file names) is shown through
/// [`printable`], so that it cannot send escape sequences to the terminal.
fn print_human(results: &[FileResult]) {
    let (mut clean, mut flagged, mut unreadable) = (0, 0, 0);
    for r in results {
        let file = printable(&r.file);
        if let Some(why) = &r.error {
            unreadable += 1;
            out!("{file}：无法读取：{}", printable(why));
            continue;
        }
        if r.findings.is_empty() {
            clean += 1;
            out!("{file}：没有发现问题");
            continue;
        }
        flagged += 1;
        out!("{file}：发现 {} 处问题", r.count());
        for f in &r.findings {
            let place = match (f.paragraph, &f.text) {
                (Some(i), Some(t)) => format!("\n      第 {} 段「{}」", i + 1, printable(t)),
                (None, Some(t)) => format!("\n      「{}」", printable(t)),
                _ => String::new(),
            };
            out!("  [{}] {}{place}", f.code, printable(&f.message));
        }
        if let Some(n) = r.omitted {
            out!("  ……另有 {} 处问题未列出", grouped(n));
        }
    }
    if results.len() > 1 {
        out!("共检查 {} 个文件：{clean} 个没有问题，{flagged} 个有问题，{unreadable} 个无法读取", results.len());
    }
}
